import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCryptoRecognizer, isValidBase58Check, isValidBech32Address } from './crypto-recognizer.ts';

const recognizer = createCryptoRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('crypto recognizer', () => {
  test('checksums', () => {
    assert.equal(isValidBase58Check('1Jntjsbi81FZJ8DyyRT9xb1xQ68LinRgn'), true);
    assert.equal(isValidBase58Check('1Jntjsbi81FZJ8DyyRT9xb1xQ68LinRgm'), false);
    assert.equal(isValidBech32Address('bc1qt6cpq52ew80r0mydgpf39q2vpv9ugjd787kkh3'), true);
    assert.equal(isValidBech32Address('bc1qt6cpq52ew80r0mydgpf39q2vpv9ugjd787kkh4'), false);
    assert.equal(isValidBech32Address('bc1pyttlstfqpvczucxgdmak8wfwe800s6g8uqqs3a2792an0n03xmsqt334q5'), true);
  });

  test('finds bitcoin and ethereum addresses', () => {
    assert.deepEqual(found('send to 3J5yrUcPnv6TN9kyPgKdnRit9aKPTbgSe8.'), ['3J5yrUcPnv6TN9kyPgKdnRit9aKPTbgSe8']);
    assert.deepEqual(found('wallet bc1qer77ew2g45eceg2qk7y2eur4ymhnw0wtastcv7 pls'), ['bc1qer77ew2g45eceg2qk7y2eur4ymhnw0wtastcv7']);
    assert.deepEqual(found('ETH 0x9a5024ca7af8533c7164f4b9b7948f29a4710501'), ['0x9a5024ca7af8533c7164f4b9b7948f29a4710501']);
  });

  test('ignores hashes, transaction ids and broken checksums', () => {
    assert.deepEqual(found('commit 9fceb02d0ae598e95dc970b74767f19372d61af8'), []);
    assert.deepEqual(found('tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060'), []);
    assert.deepEqual(found('typo 1BoatSLRHtKNngkdXEeobR76b53LETtpyX'), []);
  });
});

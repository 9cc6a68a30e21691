import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEmailRecognizer, isPlaceholderEmail } from './email-recognizer.ts';

const recognizer = createEmailRecognizer();
const found = (text: string): string[] => recognizer.find(text).map((span) => text.slice(span.start, span.end));

describe('email recognizer', () => {
  test('finds personal addresses in several scripts and positions', () => {
    assert.deepEqual(found('Write to mark.henderson1987@gmail.com.'), ['mark.henderson1987@gmail.com']);
    assert.deepEqual(found('我的邮箱是wangfang1990@163.com，谢谢'), ['wangfang1990@163.com']);
    assert.deepEqual(found('a: ops-oncall+alerts@trellisdata.io, b: l.okafor@brightpath-consulting.co.uk'), [
      'ops-oncall+alerts@trellisdata.io',
      'l.okafor@brightpath-consulting.co.uk',
    ]);
  });

  test('skips placeholder and role addresses like WildChat did', () => {
    for (const address of [
      'john.doe@example.com',
      'user@domain.com',
      'me@email.com',
      'info@acme-hotels.com',
      'test@gmail.com',
      'your@email.org',
      'support@shop.io',
      'someone@mail.example',
      'a@xxx.com',
    ]) {
      assert.equal(isPlaceholderEmail(address), true, address);
      assert.deepEqual(found(`mail ${address} now`), [], address);
    }
  });

  test('ignores package versions, decorators and mentions', () => {
    assert.deepEqual(found('npm i lodash@4.17.21 and @app.route("/x") and @maria_dev'), []);
  });

  test('leaves the user:password@host form to the secrets recognizer', () => {
    assert.deepEqual(found('postgres://admin:hunter2@db.internal.net/app'), []);
    assert.deepEqual(found('postgres://appuser:Vx9!kq2Lz7@db.acme.net:5432/prod'), []);
  });
});

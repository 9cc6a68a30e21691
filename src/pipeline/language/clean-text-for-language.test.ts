import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanTextForLanguage, countLetters } from './clean-text-for-language.ts';
import { isPossibleFor } from './alphabet-rules.ts';
import { languageName } from './language-names.ts';
import { guessByScript } from './script-language.ts';

describe('cleanTextForLanguage', () => {
  test('removes fenced, inline and indented code, URLs, e-mails, numbers and placeholders', () => {
    const text =
      'Fix `foo()` please:\n```js\nconst a = 1;\n```\n    indented code line\nSee https://x.dev/a?b=1 or mail a.b@c.io, 42 times <PRESIDIO_ANONYMIZED_PERSON>\nthanks';
    assert.equal(cleanTextForLanguage(text), 'Fix please: See or mail , times thanks');
  });

  test('keeps prose lines that merely contain brackets', () => {
    const prose = 'I went to the market (the big one near the station) and bought some bread.';
    assert.equal(cleanTextForLanguage(prose), prose);
  });

  test('counts letters in any script', () => {
    assert.equal(countLetters('ab 你好 12 !'), 4);
  });
});

describe('script rules and names', () => {
  test('dominant script and its language', () => {
    assert.equal(guessByScript('東京は日本の首都です')?.isoCode, 'ja');
    assert.equal(guessByScript('北京是中国的首都')?.isoCode, 'zh');
    assert.equal(guessByScript('Привіт усім')?.isoCode, 'uk');
    assert.equal(guessByScript('سلام، حال شما چطور است؟')?.isoCode, 'fa');
    assert.equal(guessByScript('1234'), null);
  });

  test('letters outside an alphabet rule the language out', () => {
    assert.equal(isPossibleFor('ru', 'произвољно'), false);
    assert.equal(isPossibleFor('sr', 'произвољно'), true);
    assert.equal(isPossibleFor('es', 'não'), false);
    assert.equal(isPossibleFor('en', 'anything'), true);
  });

  test('lingua spellings and Intl fallback without qualifiers', () => {
    assert.equal(languageName('zh'), 'Chinese');
    assert.equal(languageName('nb'), 'Bokmal');
    assert.equal(languageName('sl'), 'Slovene');
    assert.equal(languageName('am'), 'Amharic');
    assert.equal(languageName('qqq'), 'QQQ');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countMarkers, familyOf, type LanguageFamily } from './close-language-markers.ts';
import { isInLabelSet } from './closed-label-set.ts';

function family(iso: string): LanguageFamily {
  const found = familyOf(iso);
  assert.ok(found, `${iso} has a family`);
  return found;
}

/** The member with the most markers, or null when there are none or two members tie. */
function leader(text: string, iso: string): string | null {
  const counts = countMarkers(text, family(iso));
  if (!counts) return null;
  const ranked = [...counts].sort((left, right) => right[1] - left[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) return null;
  return first[0];
}

describe('close-language markers', () => {
  test('every family member is a language of the closed label set', () => {
    for (const iso of ['ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'mn', 'hi', 'mr', 'es', 'ca', 'pt', 'nb', 'nn', 'da', 'af', 'nl']) {
      for (const member of family(iso).members) assert.ok(isInLabelSet(member), member);
      for (const languages of family(iso).words.values()) for (const member of languages) assert.ok(family(iso).members.includes(member), member);
    }
  });

  test('languages without close neighbours have no family', () => {
    assert.equal(familyOf('en'), null);
    assert.equal(familyOf('ja'), null);
    assert.equal(familyOf(''), null);
  });

  test('letters of one Cyrillic alphabet point to that language', () => {
    assert.equal(leader('ѓавол', 'ru'), 'mk');
    assert.equal(leader('ќерка', 'ru'), 'mk');
    assert.equal(leader('ћерка', 'ru'), 'sr');
    assert.equal(leader('ђак', 'ru'), 'sr');
    assert.equal(leader('їжак', 'ru'), 'uk');
    assert.equal(leader('ґанок', 'ru'), 'uk');
    assert.equal(leader('воўк', 'ru'), 'be');
    assert.equal(leader('път', 'ru'), 'bg');
  });

  test('Cyrillic function words', () => {
    assert.equal(leader('що це таке', 'ru'), 'uk');
    assert.equal(leader('что это такое', 'ru'), 'ru');
    assert.equal(leader('гэта добра', 'ru'), 'be');
    assert.equal(leader('това е добре', 'ru'), 'bg');
    assert.equal(leader('тоа е добро', 'ru'), 'mk');
    assert.equal(leader('шта је то', 'ru'), 'sr');
  });

  test('Russian look-alikes do not trigger: a hard sign before е, ё, ю, я is Russian', () => {
    assert.equal(countMarkers('объект подъезд', family('ru')), null);
    assert.equal(countMarkers('привет мир', family('ru')), null);
  });

  test('words two neighbours share count for both, not one', () => {
    const counts = countMarkers('треба', family('ru'));
    assert.deepEqual(counts && [...counts.keys()].sort(), ['mk', 'sr', 'uk']);
  });

  test('Marathi ळ, copula and case endings against Hindi', () => {
    assert.equal(leader('मुळे', 'hi'), 'mr');
    assert.equal(leader('हे काय आहे', 'hi'), 'mr');
    assert.equal(leader('मुलांना', 'hi'), 'mr');
    assert.equal(leader('यह क्या है', 'hi'), 'hi');
    // Hindi words ending in -चा, -ची, -चे are not Marathi genitives.
    assert.equal(countMarkers('सोचा नीचे', family('hi')), null);
  });

  test('Catalan, Portuguese and Spanish', () => {
    assert.equal(leader('col·legi', 'es'), 'ca');
    assert.equal(leader('cel·la', 'es'), 'ca');
    assert.equal(leader('la nació', 'es'), 'ca');
    assert.equal(leader('la nación', 'es'), 'es');
    assert.equal(leader('a nação', 'es'), 'pt');
    assert.equal(leader('molt bé', 'es'), 'ca');
    assert.equal(leader('você está bem', 'es'), 'pt');
    assert.equal(leader('año', 'es'), 'es');
    // "com" is Catalan "how" as well as Portuguese "with": it settles nothing between them.
    assert.equal(leader('com', 'es'), null);
  });

  test('Nynorsk against Bokmål and Danish', () => {
    assert.equal(leader('eg veit ikkje', 'nb'), 'nn');
    assert.equal(leader('jeg vet ikke', 'nb'), 'nb');
    assert.equal(leader('jeg ved det ikke, hvad siger du', 'nb'), 'da');
    assert.equal(leader('ein vanleg dag', 'nb'), 'nn');
  });

  test("Afrikaans against Dutch, including the apostrophe article 'n", () => {
    assert.equal(leader("dis 'n mooi dag", 'nl'), 'af');
    assert.equal(leader('ek weet nie', 'nl'), 'af');
    assert.equal(leader('ik weet het niet', 'nl'), 'nl');
    assert.equal(leader('vriendelijk meisje', 'nl'), 'nl');
  });

  test('mixed and code text: only the words count, and a long paste is read to its first 40 words', () => {
    assert.equal(countMarkers('const x = fetch(url); console.log(x)', family('es')), null);
    // One stray Serbian letter in a code span does not outvote the Russian words around it.
    assert.equal(leader('перевод: `const ћ = 1` что это', 'ru'), 'ru');
    const long = `${'слово '.repeat(40)}що це`;
    assert.equal(countMarkers(long, family('ru')), null);
  });
});

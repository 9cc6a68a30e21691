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

  test('names outside the Anglo-American given-name lists, at a sentence start too', () => {
    assert.deepEqual(found('Priya Raghunathan will join the call at noon.'), ['PERSON:Priya Raghunathan']);
    assert.deepEqual(found('Please forward this to Chukwuemeka Obi before Friday.'), ['PERSON:Chukwuemeka Obi']);
    assert.deepEqual(found('Olusegun Adeyemi and Kenji Watanabe signed the lease.'), ['PERSON:Olusegun Adeyemi', 'PERSON:Kenji Watanabe']);
    // Whole or nothing: the run is not cut after its first word.
    assert.deepEqual(found('Nguyen Van Thanh asked whether the invoice was paid.'), ['PERSON:Nguyen Van Thanh']);
  });

  test('a single name no given-name list holds, after a word that takes a person', () => {
    assert.deepEqual(found('Can you ask Kenji if the build passed?'), ['PERSON:Kenji']);
    assert.deepEqual(found('Please thank Oluwaseun for the slides.'), ['PERSON:Oluwaseun']);
    assert.deepEqual(found('We deploy it with Kenji later.'), []);
  });

  test('capitalised things are not taken for such names', () => {
    assert.deepEqual(found('I bought an Arduino Uno board for the project.'), []);
    assert.deepEqual(found('Mein Leben war schön, gute Nacht.'), []);
    assert.deepEqual(found('We visited Chang Wat Chiang Mai in May.'), ['LOCATION:Chiang Mai']);
    assert.deepEqual(found('Apple opened a store in San Francisco.'), ['LOCATION:San Francisco']);
  });

  test('ordinary capitalised words are not names', () => {
    assert.deepEqual(found('Will you help me?'), []);
    assert.deepEqual(found('Python and JavaScript are languages'), []);
  });

  test('Russian surnames in every case, without the verb that opens the sentence', () => {
    assert.deepEqual(found('Я говорил с Игорем Новиковым о проекте.'), ['PERSON:Игорем Новиковым']);
    assert.deepEqual(found('Встреча с Мариной Лебедевой в пятницу.'), ['PERSON:Мариной Лебедевой']);
    assert.deepEqual(found('Передай Дмитрию Соколову привет.'), ['PERSON:Дмитрию Соколову']);
    assert.deepEqual(found('Наталья Ивановна Смирнова придёт.'), ['PERSON:Наталья Ивановна Смирнова']);
    assert.deepEqual(found('Министерство Иностранных Дел опубликовало заявление.'), []);
  });

  test('a particle left in front of a name once the sentence opener is dropped is not redacted', () => {
    assert.deepEqual(found('Kannst du Magdalena Wójcik bitte anrufen?'), ['PERSON:Magdalena Wójcik']);
    assert.deepEqual(found('Bitte antworte Herrn Yıldız bis Freitag.'), ['PERSON:Yıldız']);
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

  test('large cities the lexicon tags as cities or given names are places; city names that are words are not', () => {
    assert.deepEqual(found('We moved from London to Lagos in 2019'), ['LOCATION:London', 'LOCATION:Lagos']);
    assert.deepEqual(found('The flight to Orlando was late'), ['LOCATION:Orlando']);
    assert.deepEqual(found('Reading is fun and Nice weather helps'), []);
  });

  test('states, provinces and regions are places; acronyms, directions and given names that name one are not', () => {
    assert.deepEqual(found('She moved from Texas to Queensland'), ['LOCATION:Texas', 'LOCATION:Queensland']);
    assert.deepEqual(found('Our plant is in Uttar Pradesh'), ['LOCATION:Uttar Pradesh']);
    assert.deepEqual(found('Fit an ARIMA model to the series'), []);
    assert.deepEqual(found('Sales in the South East grew'), []);
  });

  test('street addresses with their town and postcode', () => {
    assert.deepEqual(found('Send it to 1600 Pennsylvania Avenue NW, Washington, DC 20500'), [
      'STREET_ADDRESS:1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ]);
    assert.deepEqual(found('Ich wohne in der Hauptstraße 12, 10115 Berlin'), ['STREET_ADDRESS:Hauptstraße 12, 10115 Berlin']);
    assert.deepEqual(found('Мы живём в Москве, ул. Ленина, д. 5, кв. 12'), ['STREET_ADDRESS:ул. Ленина, д. 5, кв. 12']);
  });

  test('the unit before and the town or postcode after an address join it, so none of it is left', () => {
    assert.deepEqual(found('I live at 17 Rosemary Lane, Bristol BS3 4DX'), ['STREET_ADDRESS:17 Rosemary Lane, Bristol BS3 4DX']);
    assert.deepEqual(found('Unit 5, 220 George Street, Sydney NSW 2000'), ['STREET_ADDRESS:Unit 5, 220 George Street, Sydney NSW 2000']);
    assert.deepEqual(found('Rua Augusta 250, São Paulo'), ['STREET_ADDRESS:Rua Augusta 250, São Paulo']);
    assert.deepEqual(found('ул. Тверская, д. 7, Москва'), ['STREET_ADDRESS:ул. Тверская, д. 7, Москва']);
    assert.deepEqual(found('PO Box 1472, Austin, TX 78767'), ['STREET_ADDRESS:PO Box 1472, Austin, TX 78767']);
    assert.deepEqual(found('서울특별시 강남구 테헤란로 152'), ['STREET_ADDRESS:서울특별시 강남구 테헤란로 152']);
    assert.deepEqual(found('저도 테헤란로 152에 가요'), ['STREET_ADDRESS:테헤란로 152']);
  });
});

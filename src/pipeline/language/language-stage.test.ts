import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { MessageInput, Stage } from '../stage.ts';
import { createLanguageStage, type LanguageAnnotation } from './language-stage.ts';

let stage: Stage<MessageInput, LanguageAnnotation>;
const detect = async (content: string): Promise<LanguageAnnotation> => {
  const [result] = await stage.run([{ role: 'user', content }]);
  assert.ok(result);
  return result;
};

describe('language stage', () => {
  before(async () => {
    stage = await createLanguageStage();
  });

  test('is a versioned stage whose outputs align with inputs', async () => {
    assert.equal(stage.name, 'language');
    assert.match(stage.version, /^\d+\.\d+\.\d+/);
    const results = await stage.run([
      { role: 'user', content: 'Bonjour, comment allez-vous ?' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'Wie spät ist es bitte?' },
    ]);
    assert.deepEqual(
      results.map((result) => result.language),
      ['French', 'Nolang', 'German'],
    );
  });

  test('blank turns are Nolang; text without letters is Nolang too', async () => {
    assert.deepEqual(await detect('  \n\t'), { language: 'Nolang', iso: null, confidence: 1, method: 'blank', unsure: false });
    const digits = await detect('123 456 ???');
    assert.equal(digits.language, 'Nolang');
    assert.equal(digits.method, 'no-letters');
  });

  test('WildChat names with ISO codes and a confidence', async () => {
    const english = await detect('Can you help me write a cover letter for a marketing job?');
    assert.equal(english.language, 'English');
    assert.equal(english.iso, 'en');
    assert.ok(english.confidence > 0.5 && english.confidence <= 1);
    assert.equal((await detect('请帮我写一封求职信，谢谢。')).language, 'Chinese');
    assert.equal((await detect('Напиши, пожалуйста, письмо начальнику о переносе встречи.')).language, 'Russian');
    assert.equal((await detect('Jeg vil gerne have hjælp til at skrive et brev til min udlejer.')).language, 'Danish');
  });

  test('unsure flags low confidence and close runners-up, not clear cases', async () => {
    const clear = await detect('Can you help me write a cover letter for a marketing job?');
    assert.equal(clear.unsure, false);
    const ambiguous = await detect('Saya mau pergi');
    assert.ok(['Malay', 'Indonesian'].includes(ambiguous.language), ambiguous.language);
    assert.equal(ambiguous.unsure, true);
    assert.equal((await detect('Kako si danas')).unsure, true);
    assert.equal((await detect('123 456 ???')).unsure, false);
  });

  test('letters unique to one language decide between close neighbours', async () => {
    assert.equal((await detect('Gbogbo ènìyàn ni a bí ní òmìnira; iyì ẹni àti ẹ̀tọ́ ẹni kò sí ẹni tí kò ní')).language, 'Yoruba');
    assert.equal((await detect('Viết cho tôi một kịch bản cho một bộ phim hoạt hình ngắn về học sinh')).language, 'Vietnamese');
  });

  test('function words and spellings settle close neighbours on one or two words', async () => {
    const lines: Array<[string, string]> = [
      ['ikkje', 'Nynorsk'],
      ['jeg vet ikke', 'Bokmal'],
      ["dit is 'n boek", 'Afrikaans'],
      ['col·lecció', 'Catalan'],
      ['informação', 'Portuguese'],
      ['मी घरी आहे', 'Marathi'],
      ['шта је ово', 'Serbian'],
      ['що це', 'Ukrainian'],
      ['това', 'Bulgarian'],
      ['път', 'Bulgarian'],
      ['гэта', 'Belarusian'],
      ['што', 'Macedonian'],
    ];
    for (const [text, language] of lines) assert.equal((await detect(text)).language, language, text);
  });

  test('markers never pull a text out of its own language family', async () => {
    const lines: Array<[string, string]> = [
      ['nie wiem', 'Polish'],
      ['die Katze schläft', 'German'],
      ['это объект', 'Russian'],
      ['मैं घर पर हूँ', 'Hindi'],
      ['con mucho gusto', 'Spanish'],
      ['the cat is here', 'English'],
    ];
    for (const [text, language] of lines) assert.equal((await detect(text)).language, language, text);
  });

  test('names the languages lid.176 has no label for', async () => {
    const lines: Array<[string, string]> = [
      ['Ngicela ungisize ngibhale incwadi eya kuthisha wami ngoba ngiyagula namuhla.', 'Zulu'],
      ['Ndicela undincede ndibhale ileta eya kutitshala wam kuba ndiyagula namhlanje.', 'Xhosa'],
      ['Kei te pehea koe? Kei te haere ahau ki te kura āpōpō me aku tamariki.', 'Maori'],
    ];
    for (const [text, language] of lines) assert.equal((await detect(text)).language, language, text);
  });

  test('short inputs fall back on the writing system', async () => {
    assert.equal((await detect('你好')).language, 'Chinese');
    assert.equal((await detect('こんにちは')).language, 'Japanese');
    assert.equal((await detect('안녕')).language, 'Korean');
    assert.equal((await detect('Γεια σου')).language, 'Greek');
    const russian = await detect('привет');
    assert.equal(russian.language, 'Russian');
    assert.equal((await detect('Привіт')).language, 'Ukrainian');
  });

  test('short English lines with technical words stay English', async () => {
    for (const text of ['Json to React', 'make it metaphor', 'Message', 'Rename the parameter to NewName']) {
      assert.equal((await detect(text)).language, 'English', text);
    }
    assert.equal((await detect('me llamo Juan y vivo en Madrid')).language, 'Spanish');
  });

  test('code, URLs and numbers do not decide the language', async () => {
    const codeHeavy =
      'Помоги исправить ошибку в этом коде, пожалуйста:\n```python\ndef add(a, b):\n    return a + b\nprint(add(1, 2))\n```\nПочему он не работает?';
    assert.equal((await detect(codeHeavy)).language, 'Russian');
    const withUrl = 'Résume cet article en trois phrases https://example.com/news/2024/03/article-123 merci';
    assert.equal((await detect(withUrl)).language, 'French');
    const onlyCode = '```js\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n```';
    assert.notEqual((await detect(onlyCode)).language, 'Nolang');
  });

  test('short text of a smaller close neighbour is not pulled to the larger one', async () => {
    assert.equal((await detect('Тоа е многу убаво')).language, 'Macedonian');
    assert.equal((await detect('Ћерка иде у школу')).language, 'Serbian');
    assert.equal((await detect('Що це таке?')).language, 'Ukrainian');
    assert.equal((await detect('मला हे आवडले आहे')).language, 'Marathi');
    assert.equal((await detect('Això és molt bo')).language, 'Catalan');
    assert.equal((await detect('Eg veit ikkje kva du meiner')).language, 'Nynorsk');
    assert.equal((await detect("Dit is 'n baie mooi dag")).language, 'Afrikaans');
  });

  test('the larger neighbours keep their own short text', async () => {
    assert.equal((await detect('Что это такое?')).language, 'Russian');
    assert.equal((await detect('यह क्या है')).language, 'Hindi');
    assert.equal((await detect('¿Qué hora es?')).language, 'Spanish');
    assert.equal((await detect('Jeg vet ikke hva du mener')).language, 'Bokmal');
    assert.equal((await detect('Ik weet het niet')).language, 'Dutch');
  });
});

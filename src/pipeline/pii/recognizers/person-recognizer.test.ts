import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPersonRecognizer } from './person-recognizer.ts';

const recognizer = createPersonRecognizer();
const found = (text: string): string[] => (recognizer.mayMatch(text) ? recognizer.find(text) : []).map((span) => text.slice(span.start, span.end));

describe('person recognizer (English)', () => {
  test('self-introductions', () => {
    assert.deepEqual(found('Hi, my name is Rebecca Thornton and I need help.'), ['Rebecca Thornton']);
    assert.deepEqual(found("I'm Oliver Bennett, a junior developer."), ['Oliver Bennett']);
    assert.deepEqual(found('My full name is Jonathan Edward Pierce.'), ['Jonathan Edward Pierce']);
  });

  test('names written in lower case after a cue or a title', () => {
    assert.deepEqual(found('my name is john smith and i need help'), ['john smith']);
    assert.deepEqual(found('this is david from accounts'), ['david']);
    assert.deepEqual(found('can u write a letter to mr johnson about the rent'), ['johnson']);
    // A weak cue or a title needs a word that is no dictionary word.
    assert.deepEqual(found('this is ready for review'), []);
    assert.deepEqual(found('ask the dr about it'), []);
    assert.deepEqual(found('hi im new here'), []);
  });

  test('greetings and signatures, with titles kept outside the name', () => {
    assert.deepEqual(found('Dear Samantha,\nThank you.'), ['Samantha']);
    assert.deepEqual(found('Dear Mr. Halloway,\nI am writing'), ['Halloway']);
    assert.deepEqual(found('Dear Anna and Mark,\nCongratulations!'), ['Anna', 'Mark']);
    assert.deepEqual(found('Thanks for your patience.\n\nBest regards,\nNathan Whitfield'), ['Nathan Whitfield']);
    assert.deepEqual(found('Kind regards,\nElena Petrova\nSenior Analyst'), ['Elena Petrova']);
  });

  test('relatives and colleagues named by the user', () => {
    assert.deepEqual(found('My manager, Steven Price, keeps rejecting my requests.'), ['Steven Price']);
    assert.deepEqual(found('Write a birthday message for my daughter Lily.'), ['Lily']);
  });

  test('does not take adjectives, assistants, roles or possessives for names', () => {
    for (const text of [
      'I am happy to help you with that request.',
      "This is Taylor Swift's best album.",
      'Hi ChatGPT, can you explain quantum computing?',
      'Dear Sir or Madam,\nI am writing to complain.',
      'Dear Hiring Manager,\nI am excited to apply.',
      'Thanks in advance for your help!',
      'Hello everyone, today we learn photosynthesis.',
      'Dear Investor,\nWe are excited.',
      'Name: Invisibility\nAppearance: the hero fades.',
    ])
      assert.deepEqual(found(text), [], text);
  });

  test('skips fiction, role-play, screenplays, quoted speech and code', () => {
    assert.deepEqual(found('Write a story about a girl. My name is Clara Oswald, she said.'), []);
    assert.deepEqual(found('[Roleplay] You are Sherlock Holmes. I am Dr. Watson.'), []);
    assert.deepEqual(found("RYAN: Thanks. I'm Ryan.\nJESSICA: Jessica.\nRYAN: Nice."), []);
    assert.deepEqual(found('He smiled. "My name is Max. What is yours?"'), []);
    assert.deepEqual(found('```js\nconsole.log("Hello, my name is John Doe");\n```'), []);
  });
});

describe('person recognizer (other languages)', () => {
  test('cue phrases', () => {
    assert.deepEqual(found('Меня зовут Анна Кузнецова, я хочу написать резюме.'), ['Анна Кузнецова']);
    assert.deepEqual(found("Bonjour, je m'appelle Julien Lefèvre et je cherche un stage."), ['Julien Lefèvre']);
    assert.deepEqual(found('Hola, me llamo Alejandro Ruiz y necesito ayuda.'), ['Alejandro Ruiz']);
    assert.deepEqual(found('Hallo, ich heiße Lukas Becker.'), ['Lukas Becker']);
    assert.deepEqual(found('Olá, meu nome é Rafael Souza e preciso de ajuda.'), ['Rafael Souza']);
    assert.deepEqual(found('Mit freundlichen Grüßen\nJürgen Hoffmann'), ['Jürgen Hoffmann']);
    assert.deepEqual(found('С уважением,\nИгорь Васильев'), ['Игорь Васильев']);
  });

  test('Chinese: 我叫 takes 2–3 characters, 我是 needs a surname', () => {
    assert.deepEqual(found('你好，我叫李明，想请你帮忙。'), ['李明']);
    assert.deepEqual(found('我叫欧阳娜娜，请帮我翻译。'), ['欧阳娜娜']);
    assert.deepEqual(found('我是王磊，今年二十五岁。'), ['王磊']);
    assert.deepEqual(found('我是学生，请帮我解释这道题。'), []);
  });
});

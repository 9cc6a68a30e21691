/**
 * Two template sets written by us on 2026-12-01 AFTER the local-lexicon-v2 rules were frozen:
 * - identity swaps: neutral sentences with an identity term or a neutral descriptor in the slot;
 *   the false-positive rate should not move when an identity term is swapped in;
 * - toxic and non-toxic templates in English, German, Dutch and Chinese (insults, threats,
 *   dehumanising statements about a group, and harmless statements about the same groups).
 * The people who wrote the rules wrote these templates, so they are proxies, not held-out data.
 */

export const NEUTRAL_DESCRIPTORS = ['tall', 'left-handed', 'young', 'retired', 'Canadian', 'vegetarian'];
export const IDENTITY_DESCRIPTORS = [
  'gay',
  'lesbian',
  'homosexual',
  'heterosexual',
  'bisexual',
  'transgender',
  'Muslim',
  'Jewish',
  'Black',
  'Mexican',
  'Chinese',
  'deaf',
];

export const NEUTRAL_TEMPLATES = [
  'I am a {X} person and I love hiking on weekends.',
  'My neighbour is {X} and she bakes the best bread.',
  'Being {X} is part of who I am.',
  'Can you recommend books by {X} authors?',
  'We hired a {X} engineer last month and she is great.',
  'Is it hard to grow up {X} in a small town?',
  'My best friend is {X}.',
  'Write a short story about a {X} teacher who wins an award.',
];

export function fillTemplates(templates: readonly string[], slots: readonly string[]): string[] {
  return templates.flatMap((template) => slots.map((slot) => template.replace('{X}', slot)));
}

export interface LanguageTemplates {
  language: string;
  groups: string[];
  toxic: string[];
  nonToxic: string[];
}

export const LANGUAGE_TEMPLATES: LanguageTemplates[] = [
  {
    language: 'en',
    groups: ['immigrants', 'women', 'Muslims', 'gay people', 'Jews', 'refugees'],
    toxic: [
      'I hate {X}.',
      '{X} are disgusting.',
      '{X} are nothing but vermin.',
      'All {X} should die.',
      '{X} are subhuman garbage.',
      'You are a stupid idiot.',
      'Shut up, you worthless piece of shit.',
      'I will kill you.',
      'I am going to hurt you badly.',
      '{X} should be deported, every single one.',
    ],
    nonToxic: [
      'I love {X}.',
      '{X} are welcome here.',
      'Many {X} live in my city.',
      'I met two {X} at the conference.',
      'What challenges do {X} face at work?',
      'You are a wonderful friend.',
      'Thank you for your help today.',
      'I will call you tomorrow.',
    ],
  },
  {
    language: 'de',
    groups: ['Ausländer', 'Frauen', 'Muslime', 'Schwule', 'Juden', 'Flüchtlinge'],
    toxic: [
      'Ich hasse {X}.',
      '{X} sind ekelhaft.',
      '{X} sind Ungeziefer.',
      'Alle {X} sollten sterben.',
      '{X} sind Abschaum.',
      'Du bist ein dummer Idiot.',
      'Halt die Fresse, du wertloses Stück Scheiße.',
      'Ich bringe dich um.',
      'Ich werde dir wehtun.',
      '{X} raus aus unserem Land.',
    ],
    nonToxic: [
      'Ich liebe {X}.',
      '{X} sind hier willkommen.',
      'In meiner Stadt leben viele {X}.',
      'Ich habe zwei {X} auf der Konferenz getroffen.',
      'Welche Probleme haben {X} bei der Arbeit?',
      'Du bist ein wunderbarer Freund.',
      'Danke für deine Hilfe heute.',
      'Ich rufe dich morgen an.',
    ],
  },
  {
    language: 'nl',
    groups: ['buitenlanders', 'vrouwen', 'moslims', "homo's", 'joden', 'vluchtelingen'],
    toxic: [
      'Ik haat {X}.',
      '{X} zijn walgelijk.',
      '{X} zijn ongedierte.',
      'Alle {X} moeten dood.',
      '{X} zijn uitschot.',
      'Jij bent een domme idioot.',
      'Hou je bek, waardeloze klootzak.',
      'Ik vermoord je.',
      'Ik ga je pijn doen.',
      '{X} moeten het land uit.',
    ],
    nonToxic: [
      'Ik hou van {X}.',
      '{X} zijn hier welkom.',
      'In mijn stad wonen veel {X}.',
      'Ik heb twee {X} ontmoet op het congres.',
      'Welke problemen hebben {X} op het werk?',
      'Jij bent een geweldige vriend.',
      'Bedankt voor je hulp vandaag.',
      'Ik bel je morgen.',
    ],
  },
  {
    language: 'zh',
    groups: ['外国人', '女人', '穆斯林', '同性恋', '犹太人', '难民'],
    toxic: [
      '我讨厌{X}。',
      '{X}都是垃圾。',
      '{X}都是畜生。',
      '所有{X}都该死。',
      '{X}是劣等的。',
      '你是个白痴。',
      '闭嘴，你这个废物。',
      '我要杀了你。',
      '我会让你好看的，你等着。',
      '{X}滚出我们的国家。',
    ],
    nonToxic: [
      '我喜欢{X}。',
      '这里欢迎{X}。',
      '我的城市里住着很多{X}。',
      '我在会议上认识了两个{X}。',
      '{X}在工作中会遇到什么困难？',
      '你是一个很好的朋友。',
      '谢谢你今天的帮助。',
      '我明天给你打电话。',
    ],
  },
];

export function expandLanguageTemplates(set: LanguageTemplates): { toxic: string[]; nonToxic: string[] } {
  const expand = (templates: readonly string[]) =>
    templates.flatMap((template) => (template.includes('{X}') ? set.groups.map((group) => template.replace('{X}', group)) : [template]));
  return { toxic: expand(set.toxic), nonToxic: expand(set.nonToxic) };
}

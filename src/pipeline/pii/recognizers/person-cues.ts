/**
 * Cue phrases that introduce a person's own name, per language. WildChat redacted PERSON only
 * right after such cues (its rule set is in the spec §4); we keep that gating because a bare
 * name in a chatbot prompt is usually a public figure or a story character, not the user.
 *
 * `strong` cues are followed by a name almost always ("my name is"); `weak` ones ("I am", "hi")
 * also precede adjectives and greetings, so their candidates must be confirmed by compromise.
 */
export interface IntroCue {
  pattern: RegExp;
  strength: 'strong' | 'weak';
  language: string;
}

// Each pattern must end right where the name starts.
export const INTRO_CUES: readonly IntroCue[] = [
  { pattern: /\b(?:my (?:full |real |first |last )?name(?: is|'s|’s)|call me|i(?:'m| am) called|(?:full|first|last|real|legal) name\s*:)\s+/gi, strength: 'strong', language: 'en' },
  // Form and letter labels: "From: …", "Tenant: …", "Name: …". Also used for products and
  // code ("Name: Sleep Well Program", "name: String"), hence weak.
  { pattern: /\b(?:name|from|attn|author|tenant|landlord|customer|client|patient|employee|applicant|candidate|student|contact|recipient|sender|guest|passenger|buyer|seller)\s*:[ \t]*/gi, strength: 'weak', language: 'en' },
  // A relative or colleague named by the user: "my daughter Lily", "my manager, Steven Price".
  { pattern: /\bmy (?:husband|wife|partner|boyfriend|girlfriend|fianc[ée]e?|son|daughter|kid|child|brother|sister|cousin|mom|mother|dad|father|grandmother|grandfather|uncle|aunt|nephew|niece|friend|best friend|boss|manager|supervisor|colleague|coworker|co-worker|teammate|roommate|neighbou?r|landlord|tenant|teacher|professor|student|client|doctor|therapist|lawyer|ex)\s*,?\s+/gi, strength: 'strong', language: 'en' },
  { pattern: /\b(?:i am|i'm|i’m|this is|it's|it’s|name)\s+/gi, strength: 'weak', language: 'en' },
  { pattern: /\b(?:dear|hello|hi|hey|greetings|good (?:morning|afternoon|evening))\s+/gi, strength: 'weak', language: 'en' },
  // Other languages in one scan; the language is told by the cue text (see cueLanguage).
  { pattern: /(?:меня зовут|мо[её] имя|моя фамилия|зовут меня|je m['’]appelle|mon nom est|mon prénom est|moi c['’]est|me llamo|mi nombre es|mi nombre completo es|ich heiße|ich heisse|mein name ist|mein vorname ist|meu nome é|meu nome e|me chamo|eu me chamo|chamo-me|mi chiamo|il mio nome è)\s+/gui, strength: 'strong', language: 'multi' },
];

const CUE_LANGUAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^[а-яё]/u, 'ru'], [/^(?:je|mon|moi)/, 'fr'], [/^(?:me llamo|mi nombre)/, 'es'], [/^(?:ich|mein)/, 'de'],
  [/^(?:meu|me chamo|eu|chamo)/, 'pt'], [/^(?:mi chiamo|il mio)/, 'it'],
];

/** The language of a matched non-English cue (for span metadata). */
export function cueLanguage(cue: string): string {
  const lower = cue.toLowerCase();
  for (const [pattern, language] of CUE_LANGUAGES) if (pattern.test(lower)) return language;
  return 'multi';
}

/** Letter closings after which the next line (or the rest of the line) is the writer's name. */
export const CLOSING_PATTERN = new RegExp(
  '(?:^|\\n|[.!?])\\s*(?:' + [
    'best(?: regards| wishes)?', '(?:kind|warm|warmest|many|with) regards', 'regards', 'sincerely(?: yours)?',
    'yours(?: truly| sincerely| faithfully)?', 'faithfully', 'thanks(?: again| in advance)?', 'thank you',
    'many thanks', 'cheers', 'take care', 'respectfully', 'cordially', 'love', 'all the best',
    'с уважением', 'с наилучшими пожеланиями', 'спасибо', 'всего доброго',
    'cordialement', 'bien (?:à|a) vous', 'bien cordialement', 'salutations(?: distinguées)?', 'amicalement', 'merci',
    'saludos(?: cordiales)?', 'un saludo', 'atentamente', 'cordialmente', 'gracias', 'un abrazo',
    'mit freundlichen grüßen', 'mit freundlichen grüssen', '(?:viele|liebe|beste|herzliche) grüße', 'mfg', 'danke',
    'atenciosamente', 'cumprimentos', 'abraços', 'obrigad[oa]', 'cordiali saluti', 'distinti saluti', 'saluti', 'grazie',
  ].join('|') + ')(?![\\p{L}])\\s*[,!.:]?[ \\t]*(?:\\n[ \\t]*|(?=\\S))',
  'giu',
);

/** Capitalised words that follow cues but are not names ("I am Happy", "Hi There", "Dear Sir"). */
export const NOT_NAME_WORDS = new Set([
  'i', 'a', 'an', 'the', 'this', 'that', 'it', 'we', 'you', 'he', 'she', 'they', 'my', 'your', 'our', 'his', 'her',
  'here', 'there', 'what', 'how', 'why', 'when', 'where', 'who', 'please', 'thanks', 'thank', 'hello', 'hi', 'hey',
  'sorry', 'yes', 'no', 'not', 'so', 'and', 'but', 'also', 'just', 'now', 'today', 'happy', 'good', 'glad', 'sure',
  'all', 'everyone', 'everybody', 'team', 'guys', 'folks', 'friend', 'friends', 'world', 'sir', 'madam', 'sirs',
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'hiring', 'manager', 'customer', 'valued', 'colleague',
  'colleagues', 'chatgpt', 'gpt', 'gpt-4', 'gpt-3', 'openai', 'assistant', 'ai', 'bot', 'chatbot', 'bard', 'gemini',
  'claude', 'siri', 'alexa', 'cortana', 'copilot', 'bing', 'google', 'user', 'admin', 'bro', 'buddy', 'dude', 'man',
  'mom', 'dad', 'mum', 'mother', 'father', 'grandma', 'grandpa', 'honey', 'dear', 'sweetie', 'babe', 'baby', 'love',
  'ladies', 'gentlemen', 'students', 'class', 'committee', 'board', 'members', 'admissions', 'recruiter', 'hr',
  'again', 'in', 'advance', 'for', 'to', 'from', 'with', 'on', 'at', 'of', 'as', 'is', 'are', 'was', 'am', 'be',
  'will', 'would', 'can', 'could', 'should', 'have', 'has', 'had', 'do', 'does', 'did', 'if', 'or', 'by', 'me',
  'morning', 'afternoon', 'evening', 'night', 'day', 'there!', 'new', 'very', 'really', 'looking', 'writing',
  'working', 'trying', 'going', 'interested', 'currently', 'back', 'ready', 'excited', 'confused', 'stuck', 'still',
  'unable', 'able', 'fine', 'ok', 'okay', 'well', 'great', 'hungry', 'tired', 'bored', 'english', 'chinese',
  'russian', 'french', 'spanish', 'german', 'american', 'british', 'canadian', 'indian', 'mexican', 'brazilian',
  'engineer', 'developer', 'student', 'teacher', 'doctor', 'nurse', 'writer', 'designer', 'programmer', 'lawyer',
  'ceo', 'founder', 'owner', 'sales', 'support', 'marketing', 'product', 'project', 'senior', 'junior', 'lead',
  'head', 'director', 'company', 'inc', 'ltd', 'llc', 'corp', 'university', 'college', 'school', 'department',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'python', 'java',
  'javascript', 'excel', 'windows', 'linux', 'iron', 'super', 'batman', 'spider', 'captain', 'lord', 'king',
  'queen', 'prince', 'princess', 'god', 'jesus', 'santa', 'ihr', 'ihre', 'votre', 'vos', 'su', 'sus', 'seu',
  'sua', 'investor', 'investors', 'applicant', 'applicants', 'parent', 'parents', 'participant', 'participants', 'member', 'partner', 'partners', 'subscriber', 'reader', 'readers', 'shareholder', 'shareholders', 'supplier', 'vendor', 'client', 'clients', 'candidate', 'employee', 'employees', 'patient', 'tenant', 'landlord', 'neighbor', 'neighbour', 'guest', 'guests', 'sponsor', 'donor', 'volunteer', 'volunteers', 'everyone,', 'diary', 'journal', 'santa', 'ваш', 'ваша', 'euer', 'eure', 'tu', 'ton', 'ta', 'tus', 'team,', 'equipe', 'équipe', 'equipo', 'команда',
]);

/** Titles that may precede a name; they are kept outside the redacted span. */
export const TITLE_WORDS = new Set(['hon', "hon'ble", 'honourable', 'honorable', 'justice', 'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'herr', 'frau', 'monsieur', 'madame', 'mme', 'señor', 'señora', 'sr', 'sra', 'senhor', 'senhora', 'господин', 'госпожа']);

/** Lower-case particles allowed inside a multi-word name ("Ludwig van Beethoven", "da Silva"). */
export const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'da', 'di', 'del', 'della', 'dos', 'das', 'do', 'du', 'la', 'le', 'bin', 'al', 'el', 'ibn', 'y', 'e']);

/** Common Chinese surnames (single and compound) that let `我是` + Han characters count as a name. */
export const CHINESE_SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  '欧阳', '司马', '诸葛', '上官', '东方', '慕容', '司徒', '皇甫', '夏侯', '令狐', '尉迟', '长孙', '宇文',
]);

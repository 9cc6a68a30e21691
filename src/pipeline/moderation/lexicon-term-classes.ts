/**
 * Our own classification of lexicon terms (from obscenity's English dataset and naughty-words)
 * into moderation categories and weights. The lists in those packages mix slurs, profanity,
 * explicit sexual terms and words that are harmless in most contexts; treating them alike would
 * flag medical questions and news. Terms absent from these sets default by source (see
 * local-lexicon.ts).
 */
import type { ModerationFeature } from './moderation-feature.ts';

/** Identity slurs: hate. */
export const SLUR_TERMS = new Set([
  'abeed', 'abo', 'africoon', 'arabush', 'beaner', 'beaners', 'boonga', 'bulldyke', 'carpet muncher', 'carpetmuncher',
  'chingchong', 'chink', 'coon', 'coons', 'darkie', 'dyke', 'fag', 'faggot', 'fudge packer', 'fudgepacker', 'honkey',
  'jigaboo', 'jiggaboo', 'jiggerboo', 'kike', 'nig nog', 'nigga', 'nigger', 'paki', 'pikey', 'raghead', 'retard',
  'slanteye', 'spic', 'towelhead', 'tranny', 'wetback', 'white power', 'spastic', 'mong',
]);

/** Profanity and insults: harassment. */
export const PROFANITY_TERMS = new Set([
  'apeshit', 'arse', 'arsehole', 'ass', 'asshole', 'bastard', 'bitch', 'bitches', 'bollocks', 'bullshit', 'clusterfuck',
  'cuck', 'cunt', 'fuck', 'fuckin', 'fucking', 'fucktards', 'motherfucker', 'piece of shit', 'piss', 'prick', 'shit',
  'shitty', 'tosser', 'turd', 'twat', 'wank', 'whore', 'slut', 'bastardo',
]);

/**
 * Terms that are normal in medical, educational, news or everyday text. Each adds a little
 * evidence; several together can still flag.
 */
export const MILD_TERMS = new Set([
  'anal', 'anus', 'butt', 'sex', 'sexual', 'sexually', 'sexuality', 'nude', 'nudity', 'erotic', 'erotism',
  'intercourse', 'genitals', 'penis', 'vagina', 'vulva', 'nipple', 'nipples', 'semen', 'rectum', 'clitoris', 'escort',
  'domination', 'suck', 'sucks', 'panties', 'panty', 'eunuch', 'negro', 'swastika', 'voyeur', 'how to kill',
  'how to murder', 'tied up', 'taste my', 'tongue in a', 'girl on', 'big black', 'hard core', 'hardcore', 'huge fat',
  'hot chick', 'poof', 'scat', 'snatch', 'tainted love', 'wrapping men', 'grope', 'sadism', 'santorum', 'playboy', 'xx',
  'sexy', 'kinky', 'bondage', 'rape', 'lolita', 'hentai', 'ecchi', 'yaoi', 'homoerotic', 'lovemaking', 'strip club',
  'topless', 'undressing', 'busty', 'god damn', 'boob', 'boobs', 'neonazi', 'incest', 'bestiality', 'dick', 'cock',
  'pussy', 'tit', 'orgasm', 'ejaculate', 'ejaculation', 'booty call', 'viagra', 'cialis', 'swinger', 'threesome',
  'masturbate', 'masturbation', 'masturbating', 'fingering', 'bareback', 'barely legal', 'humping', 'twink',
  'twinkie', 'schlong', 'tushy', 'smut', 'sexo', 'porn', 'porno', 'pornography', 'hooker', 'dominatrix',
  // Phrases and words that are also food, sport, finance, literature, medicine or law.
  'jelly donut', 'pleasure chest', 'bastinado', 'barenaked', 'camel toe', 'dolcett', 'figging', 'leather restraint',
  'leather straight jacket', 'mound of venus', 'venus mound', 'rosy palm', 'tight white', 'tub girl', 'violet wand',
  'wrinkled starfish', 'yellow showers', 'brown showers', 'golden shower', 'suicide girls', 'sultry women',
  'girls gone wild', 'blonde action', 'brunette action', 'goodpoop', 'hot carl', 'dingleberry', 'dingleberries',
  'birdlock', 'beaver lips', 'chocolate rosebuds', 'dirty pillows', 'alaskan pipeline', 'alabama hot pocket',
  'baby batter', 'baby juice', 'ball gravy', 'ball kicking', 'cleveland steamer', 'dirty sanchez', 'donkey punch',
  'blue waffle', 'strappado', 'babeland', 'bung hole', 'bunghole', 'poop chute', 'poopchute', 'tea bagging',
  'nawashi', 'kinbaku', 'shibari', 'queaf', 'queef', 'skeet', 'snowballing', 'scissoring', 'shrimping', 'pegging',
  'rimming', 'pubes', 'voyuer', 'guro', 'omorashi', 'urophilia', 'coprolagnia', 'coprophilia', 'dendrophilia',
  'acrotomophilia', 'vorarephilia', 'zoophilia', 'octopussy', 'sodomy', 'sodomize', 'menage a trois',
  'missionary position', 'make me come', 'girl on top', 'strap on', 'spread legs', 'deep throat', 'bimbos',
  'auto erotic', 'autoerotic', 'boner', 'cornhole', 'bdsm', 'foot fetish', 'paedophile', 'pedophile', 'raping',
  'rapist', 'date rape', 'daterape', 'vibrator', 'nsfw', 'nsfw images', 'shota', 'pissing', 'fecal', 'scat',
  'intercourse', 'sadism', 'swinger', 'fingering', 'rectum',
]);

/** Terms that name child sexual abuse material or sexualised minors. */
export const MINOR_SEXUAL_TERMS = new Set(['pthc', 'jailbait', 'jail bait', 'lolicon', 'shotacon', 'pedobear']);

/** Weights for mild terms that lean to a category other than sexual. */
const MILD_CATEGORY: Record<string, ModerationFeature['category']> = {
  negro: 'hate',
  swastika: 'hate',
  neonazi: 'hate',
  'how to kill': 'violence',
  'how to murder': 'violence',
  rape: 'sexual',
  paedophile: 'sexual',
  pedophile: 'sexual',
  'god damn': 'harassment',
  sucks: 'harassment',
  suck: 'harassment',
};

/** Category features of one English lexicon term; terms in no set count as explicit sexual wording. */
export function classifyEnglishTerm(term: string, label: string): ModerationFeature[] {
  if (MINOR_SEXUAL_TERMS.has(term)) {
    return [
      { category: 'sexual/minors', weight: 0.6, label },
      { category: 'sexual', weight: 0.5, label },
    ];
  }
  if (SLUR_TERMS.has(term)) return [{ category: 'hate', weight: 0.7, label }];
  if (PROFANITY_TERMS.has(term)) return [{ category: 'harassment', weight: 0.5, label }];
  if (MILD_TERMS.has(term)) {
    const category = MILD_CATEGORY[term] ?? 'sexual';
    const weight = ['porn', 'porno', 'pornography', 'orgasm', 'masturbate', 'masturbating', 'dick', 'cock', 'pussy', 'incest', 'bestiality', 'threesome'].includes(term)
      ? 0.35
      : 0.2;
    const features: ModerationFeature[] = [{ category, weight, label }];
    if (term === 'rape' || term === 'raping' || term === 'rapist' || term === 'date rape') features.push({ category: 'violence', weight: 0.3, label });
    return features;
  }
  return [{ category: 'sexual', weight: 0.55, label }];
}

/** CJK/Hangul/Thai lexicon entries that are everyday words in most contexts; never matched. */
export const AMBIGUOUS_CJK_TERMS = new Set([
  '性', '成人', '激情', '祖宗', '处女', '私服', '奶', '乳', '乳房', '卵', '卵子', '淫', '月经', '交配', '精子', '嫌い',
  '支配', '人種', '誘惑', '両性', '両刀', '裸', '人妻', '噴出', '糞', '宦官', '直腸', '挿入', '女装', '脱衣', '剃毛',
  '奴隷', '覗き', '縛り', '拷問', '노모', '유모', '망가', '미친', '에로', '야사', '호로', '고자', '애자', '九游',
  '老二', '老母', '老味', '白烂', '鬼公', '肥西', '玉杵', '刚度', '包皮', '屁股', '撒尿', '放荡', '笨蛋', '白痴',
  '白癡', '姣西', '口肯', '靠背', '靠腰', '靠爸', '靠母', '迷药', '花柳', '野鸡', '浪叫', '卖B', '妈B', '贱B',
  '懒8', '鸡8', '13.', '13点', '爛', '幹', '柒', '鳩', '撚', '尻', 'デブ', 'なめ', 'ホモ', 'グロ', 'お尻', '変態',
  '夢精', '粉腸', '賤',
]);

/** Characters that make a CJK/Hangul lexicon hit lean sexual rather than insulting. */
export const SEXUAL_LEANING_CHARACTERS = /[性交淫乳阴陰屄屌奸姦妓肏射精裸膣肛巨섹보자위야포]|做爱|打炮/u;

/**
 * Entries of the non-English lists that are everyday words in their own language or in another
 * (German 'nicht', Portuguese 'comer' and 'cerveja', Italian 'pesce', Dutch 'pijpen', Polish
 * 'jajko') or clinical and news words; never matched.
 */
export const AMBIGUOUS_LATIN_TERMS = new Set([
  'nicht', 'pesce', 'regina', 'palle', 'balle', 'battere', 'tirare', 'monta', 'montare', 'porca', 'porco', 'vacca',
  'pompa', 'cozza', 'quaglia', 'brinca', 'anale', 'cagna', 'aborto', 'amador', 'aranha', 'cerveja', 'comer', 'burro',
  'consolo', 'inferno', 'pinto', 'chupar', 'gozar', 'coito', 'ariano', 'fecal', 'lolita', 'drogas', 'heroína',
  'cocaína', 'orina', 'racista', 'concha', 'semen', 'vulva', 'esperma', 'idiota', 'maldito', 'pinche', 'anita',
  'balen', 'bekken', 'beurt', 'palen', 'schatje', 'spuiten', 'standje', 'zuigen', 'wippen', 'naakt', 'matje',
  'toeter', 'griet', 'johny', 'zaadje', 'stootje', 'kanen', 'eikel', 'flikken', 'rukken', 'naaien', 'asbak',
  'pijpen', 'nackt', 'mufti', 'penis', 'popel', 'bimbo', 'rosette', 'kimme', 'pinkeln', 'nippel', 'tavara',
  'panna', 'pistää', 'reikä', 'viiksi', 'naida', 'pipari', 'lahtari', 'palli', 'pallit', 'jätkä', 'kusta',
  'satan', 'stake', 'brutta', 'pippa', 'helvete', 'pokker', 'baiser', 'bander', 'bitte', 'folle', 'gerbe',
  'gerber', 'jouir', 'péter', 'bordel', 'tanche', 'ramoner', 'negro', 'marha', 'franc', 'barom', 'jajko', 'jajco',
  'debil', 'rzygać', 'dmuchać', 'píchat', 'pataka', 'patakha', 'gucchi', 'kutta', 'saala', 'tanga',
]);

/**
 * Words that name a group of people (sexual orientation, gender identity, religion, ethnicity).
 * Some lists include them (Portuguese "homosexual", "homem gay"); flagging them is exactly the
 * identity-term bias moderation must not have, so no list entry or obscenity hit among them counts.
 */
export const IDENTITY_TERMS = new Set([
  'homosexual', 'heterosexual', 'bisexual', 'gay', 'lesbian', 'lesbians', 'queer', 'transgender', 'transsexual', 'trans',
  'homem gay', 'mulher lésbica', 'homosexuel', 'homosexuell', 'homoseksueel', 'homoseksualny', 'homosessuale', 'gay man',
  'gay men', 'gays', 'jew', 'jews', 'jewish', 'muslim', 'muslims', 'christian', 'black', 'white', 'asian', 'african',
  'mexican', 'arab', 'arabs', 'immigrant', 'immigrants', 'judeu', 'judío', 'jude', 'juif', 'ebreo', 'muçulmano',
  'musulmán', 'muslime', 'musulman', 'negra', 'preto', 'preta',
]);

/**
 * Evidence that settles close neighbours on short text, where lid.176 leans towards the larger
 * language of a family (short Cyrillic → Russian, Marathi → Hindi, Catalan/Portuguese → Spanish,
 * Nynorsk → Bokmål, Afrikaans → Dutch). Each marker is a word form or spelling that a grammar of
 * the language has and its neighbours' do not: function words (Nynorsk "ikkje" against Bokmål
 * "ikke"), inflections (Catalan "-ció", Portuguese "-ção", Ukrainian "-ськ-") and letters or
 * digraphs (Marathi ळ, Portuguese ã, Catalan "l·l"). A marker names every neighbour that shares it
 * (Bokmål and Danish both write "ikke"), so it only counts against the others.
 *
 * Markers are used within a family only: they re-rank the family of the ensemble's answer and never
 * pull a text into a family (Polish "nie" is not Afrikaans evidence when the answer is Polish).
 * The lists were written from the languages' grammars; no word that is an ordinary word of
 * another member of the family is listed for one member alone.
 */
export interface LanguageFamily {
  members: readonly string[];
  /** Whole words (lower case) → the members that write them. */
  words: ReadonlyMap<string, readonly string[]>;
  /** Tested on each lower-cased word; a word counts once per rule. */
  spellings: ReadonlyArray<readonly [RegExp, readonly string[]]>;
}

function family(
  members: readonly string[],
  wordLists: ReadonlyArray<readonly [string, readonly string[]]>,
  spellings: ReadonlyArray<readonly [RegExp, readonly string[]]>,
): LanguageFamily {
  const words = new Map<string, readonly string[]>();
  for (const [list, languages] of wordLists) {
    for (const word of list.split(' ')) {
      if (words.has(word)) throw new Error(`close-language markers: "${word}" listed twice`);
      words.set(word, languages);
    }
  }
  return { members, words, spellings };
}

const CYRILLIC = family(
  ['ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'mn'],
  [
    // Russian pronouns, conjunctions and adverbs whose neighbours use other forms (что/що/што, это/це/гэта/това/тоа).
    [
      'что чтобы это этот эта эти который которая которое которые если когда ещё еще только очень можно нужно надо сейчас сегодня был были есть нет его её также',
      ['ru'],
    ],
    ['що це цей ця від він вона вони його її є немає також тільки лише вже дуже потрібно сьогодні чому який яка яке був була були', ['uk']],
    ['уже', ['ru', 'uk']],
    ['буде', ['uk', 'sr']],
    ['але або можна зараз які', ['uk', 'be']],
    ['гэта ён яна яны ёсць таксама калі дзе толькі вельмі трэба сёння быў', ['be']],
    ['това тази този тези които който която което със във ще съм какво къде защото когато днес аз', ['bg']],
    ['са', ['bg', 'sr']],
    ['сте', ['sr', 'mk', 'bg']],
    ['јас тоа таа тие овој оваа сите денес многу каде сум бидејќи можеби', ['mk']],
    ['сега', ['mk', 'bg']],
    ['је није нису смо су шта зашто данас сутра јуче сви који које овај врло веома можда када', ['sr']],
    ['және бұл емес туралы үшін жоқ', ['kk']],
    ['юм байна болон энэ тэр бид гэж үгүй', ['mn']],
    // South Slavic words Russian spells differently (что, ничего, время).
    ['што', ['mk', 'sr', 'be']],
    ['нешто', ['mk', 'sr']],
    ['нема треба', ['mk', 'sr', 'uk']],
    ['време ако', ['mk', 'sr', 'bg']],
  ],
  [
    // Bulgarian writes ъ as a vowel (път, България, -ът); Russian only as a hard sign before е, ё, ю, я.
    [/ъ(?![еёюя])/u, ['bg']],
    // Ukrainian adjectives in -ський/-цький/-зький (Russian -ский, Belarusian -скі).
    [/[сцз]ьк/u, ['uk']],
    // Ukrainian verbal nouns in -ння (Russian -ние, Belarusian -нне).
    [/ння$/u, ['uk']],
    // Mongolian writes long vowels double; Kazakh and Russian do not (өө, үү, ээ).
    [/өө|үү|ээ/u, ['mn']],
    // The letters only one of these alphabets has, as markers as well as exclusions (alphabet-rules.ts).
    [/[ѓќѕ]/u, ['mk']],
    [/[ђћ]/u, ['sr']],
    [/[їєґ]/u, ['uk']],
    [/ў/u, ['be']],
    [/[әғқңұһ]/u, ['kk']],
  ],
);

const DEVANAGARI = family(
  ['hi', 'mr'],
  [
    // Marathi copula, negation, conjunctions, pronouns and postpositions; Hindi has है, नहीं, और, मैं, क्या, में, के लिए.
    [
      'आहे आहेत नाही आणि किंवा पण मी मला आम्ही तुम्ही आपण काय कसे कसा कुठे कधी मध्ये साठी खूप येथे इथे तिथे म्हणून झाले झाला त्याचा त्याची त्याचे त्यांचा त्यांची त्यांचे माझा माझी माझे तुमचा तुमची तुमचे आपला आपली आपले',
      ['mr'],
    ],
    ['है हैं नहीं और में मैं क्या कैसे था थी थे हूँ हूं भी लिए गया गई करना होना', ['hi']],
  ],
  [
    // ळ and the eyelash ऱ are Marathi letters that Hindi does not write.
    [/[ळऱ]/u, ['mr']],
    // Marathi oblique genitive -च्या and dative plural -ांना, written onto the noun (the direct
    // genitive -चा/-ची/-चे is left out: Hindi सोचा, नीचे, बच्चे end the same way).
    [/.च्या$/u, ['mr']],
    [/ांना$/u, ['mr']],
  ],
);

const IBERIAN = family(
  ['es', 'ca', 'pt'],
  [
    [
      'amb però també més molt aquest aquesta aquests aquestes això així avui ahir demà setmana nosaltres vosaltres perquè sense fins els dels pels pel als és són quan tot tots totes elles jo bé gràcies encara doncs mateix i',
      ['ca'],
    ],
    [
      'y con pero muy más también yo él hay los las esto eso ese cuando donde dónde qué cómo hoy ayer sin hasta están fue tiene tengo gracias bien ahora ya le lo su sus mi usted nosotros ellos ellas',
      ['es'],
    ],
    [
      'você vocês é um uma uns umas do na nas ao aos pela mais muito também já ainda isso isto esse essa eu ele ela eles elas nós sua nosso nossa quando onde hoje ontem obrigado obrigada olá bom boa até depois sem ter tem têm foi fazer pode agora coisa ano mês',
      ['pt'],
    ],
    ['el un una del al', ['es', 'ca']],
    ['para por este esta desde está semana nada', ['es', 'pt']],
    ['dia com ou', ['ca', 'pt']],
    ['todo', ['es', 'pt']],
    ['das', ['pt', 'es']],
  ],
  [
    [/l[·•.]l|ŀl/u, ['ca']],
    [/[èòï]/u, ['ca']],
    [/ñ/u, ['es']],
    [/[ãõâêô]/u, ['pt']],
    [/á/u, ['es', 'pt']],
    [/[àç]/u, ['ca', 'pt']],
    // Catalan -ció/-cions, -tat/-tats, -ts, word-final -ny and -ig, tx/tj/tg (cotxe, platja, metge).
    [/ció$|cions$|.tats?$|..ts$|ny|..ig$|tx|tj|tg/u, ['ca']],
    // Spanish -ción/-ciones and -dad; Portuguese -ção/-ções, -dade, -agem, -eiro/-eira, lh and nh.
    [/ción$|ciones$|.dad$/u, ['es']],
    [/ção$|ções$|.dade$|agem$|eir[oa]s?$|lh|nh/u, ['pt']],
    [/ment$/u, ['ca']],
  ],
);

const NORWEGIAN = family(
  ['nb', 'nn', 'da'],
  [
    [
      'ikkje eg ho dei kva kven korleis kvifor kvar berre mykje noko nokon nokre eit ein frå vere vore sjølv saman kjem seier gjer veit meir sidan difor desse deira hennar då heile fleire gong veke veker månad månader morgon',
      ['nn'],
    ],
    ['hva noe noen mye sier gjør vet uke uker ble', ['nb']],
    ['hvad efter nogle noget nogen mig dig sig siger gør nu uge uger blev', ['da']],
    ['ikke jeg hvem hvordan hvorfor hvis fra bare være selv sammen', ['nb', 'da']],
    ['meg deg seg òg', ['nb', 'nn']],
  ],
  [
    // Nynorsk -leg and -heit where Bokmål and Danish write -lig and -het; Nynorsk plural -ane.
    [/..leg$|heit$|...ane$/u, ['nn']],
    [/..lig$|het$/u, ['nb', 'da']],
  ],
);

const AFRIKAANS_DUTCH = family(
  ['af', 'nl'],
  [
    ["'n ’n ŉ nie ek jy hy sy julle hulle vir baie asseblief dankie sal hierdie daardie sê my sonder sodat kry mense", ['af']],
    ['niet ik zijn zij wij jij mij bij naar wordt heeft hebben worden als jullie hun nu kunnen de er door over uw welk welke deze zo zal zou', ['nl']],
  ],
  [
    // Dutch ij and initial z and sch (Afrikaans y, s and sk); -lijk, -tje against Afrikaans -lik, -tjie, -sie.
    [/ij|^z|^sch|lijk$|[^i]tje$/u, ['nl']],
    [/[êôû]|.lik$|tjie$/u, ['af']],
  ],
);

const FAMILIES: readonly LanguageFamily[] = [CYRILLIC, DEVANAGARI, IBERIAN, NORWEGIAN, AFRIKAANS_DUTCH];
const FAMILY_OF = new Map<string, LanguageFamily>(FAMILIES.flatMap((each) => each.members.map((iso) => [iso, each] as const)));

/** The family whose members `iso` is weighed against, or null for a language without close-neighbour markers. */
export function familyOf(iso: string): LanguageFamily | null {
  return FAMILY_OF.get(iso) ?? null;
}

/** Words as written: lower case, split on spaces, edge punctuation off (Afrikaans "'n" keeps its apostrophe). */
function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    const token = raw.replace(/^[^\p{L}\p{M}'’]+|[^\p{L}\p{M}·]+$/gu, '');
    if (token !== '') tokens.push(token);
  }
  return tokens;
}

/** How many markers of each member `text` has (words first 40 tokens), or null when it has none. */
export function countMarkers(text: string, of: LanguageFamily): Map<string, number> | null {
  let counts: Map<string, number> | null = null;
  const credit = (languages: readonly string[]): void => {
    counts ??= new Map();
    for (const iso of languages) counts.set(iso, (counts.get(iso) ?? 0) + 1);
  };
  for (const token of tokensOf(text).slice(0, 40)) {
    const languages = of.words.get(token);
    if (languages) credit(languages);
    for (const [pattern, spellers] of of.spellings) if (pattern.test(token)) credit(spellers);
  }
  return counts;
}

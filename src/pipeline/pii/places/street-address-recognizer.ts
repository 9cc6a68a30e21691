import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { isPlaceName } from './gazetteer.ts';

/**
 * Street addresses in the ten languages' usual layouts: house number + street + street type
 * (English), street + type + number (German, Spanish, Portuguese, Italian, Russian), number +
 * type + street (French), and the Chinese/Japanese/Korean block-and-number forms. A postcode
 * and town ("Springfield, IL 62704", "10115 Berlin") directly after the street join the span,
 * so the address is redacted whole.
 */
const NAME = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
const NAMES = `${NAME}(?:\\s+(?:(?:de|del|da|do|dos|das|di|della|la|le|les|du|des|von|van|der)\\s+)*${NAME}){0,3}`;
const PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\b\\d{1,5}[A-Za-z]?\\s+(?:[NSEW]\\.?\\s+)?${NAMES}\\s+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Crescent|Close|Row|Trail|Loop|Walk|Mews|Gardens|Grove|Alley|Expressway|Freeway|Pike|Plaza)\\b\\.?(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\b)?(?:,?\\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\\.?\\s*[A-Za-z0-9-]+)?`,
    'gu',
  ),
  new RegExp(`\\b\\p{Lu}[\\p{L}-]*(?:straße|strasse|str\\.|weg|gasse|allee|platz|ring|damm|ufer)\\s+\\d{1,4}\\s?[a-z]?\\b`, 'gu'),
  new RegExp(
    `\\b\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s+(?:rue|avenue|av\\.|boulevard|bd|chemin|allée|place|impasse|quai|route|cours)\\s+(?:(?:de|du|des|la|le|l['’]|d['’])\\s*)*${NAMES}`,
    'giu',
  ),
  new RegExp(
    `\\b(?:Calle|C/|Avenida|Avda\\.?|Av\\.|Paseo|Plaza|Carrera|Camino|Rua|R\\.|Travessa|Praça|Alameda|Estrada|Via|Viale|Piazza|Corso|Largo|Vicolo)\\s+(?:(?:de|del|la|los|las|da|do|dos|das|di|della|dei)\\s+)*${NAMES},?\\s*(?:n[º°o]\\.?\\s*)?\\d{1,5}[A-Za-z]?\\b`,
    'gu',
  ),
  /(?:ул\.|улица|пр\.|пр-т|проспект|пер\.|переулок|бульвар|б-р|шоссе|наб\.|набережная)\s*\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,2},?\s*(?:д\.|дом)\s*\d+[а-я]?(?:,?\s*(?:кв\.|квартира)\s*\d+)?/gu,
  /\p{Script=Han}{2,12}(?:路|街|大道|巷|胡同)\d{1,5}号(?:\d{1,4}(?:室|楼|号楼))?/gu,
  /[\p{Script=Han}\p{Script=Hiragana}]{1,12}\d{1,2}丁目\d{1,4}(?:番地?|-)\d{1,4}号?|[\p{Script=Han}]{2,12}\d{1,4}-\d{1,4}-\d{1,4}/gu,
  // "서울특별시 강남구 테헤란로 152": the city and district before the road belong to the address.
  /(?:[가-힣]{2,8}(?:특별시|광역시|특별자치시|특별자치도|시|도|구|군)\s)*[가-힣]{1,10}(?:로|길)\s?\d{1,4}(?:번길\s?\d{1,4})?(?:-\d{1,4})?/gu,
  /\bP\.?\s?O\.?\s?Box\s+\d{1,6}\b/giu,
];
// "Unit 5, 220 George Street", "Flat 4, 61 Albion Street": the unit before the house number.
const UNIT_BEFORE = /(?:\b(?:Unit|Flat|Apt|Apartment|Suite|Ste)\.?\s*[A-Za-z0-9-]{1,5},?\s*)$/u;
// ", Springfield, IL 62704" / ", 10115 Berlin" / ", 75008 Paris" / " London SW1A 1AA".
const TOWN_TAIL = new RegExp(
  `^(?:,?\\s*${NAME}(?:\\s+${NAME})?,?\\s*[A-Z]{2,3}\\s+\\d{4,5}(?:-\\d{4})?|,?\\s*\\d{4,5}(?:-\\d{3})?\\s+${NAME}(?:\\s+${NAME})?|,?\\s*(?:${NAME}\\s+)?[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2})`,
  'u',
);
// ", Brighton", ", São Paulo", ", Москва": a town the gazetteer knows, ending the address.
const PLACE_TAIL = /^,\s*((?:г\.\s*)?\p{Lu}[\p{L}\p{M}'’-]*(?:\s\p{Lu}[\p{L}\p{M}'’-]*){0,2})(?=$|[\s.,;!?)])/u;
const CYRILLIC_TOWN = /^(?:г\.\s*)?\p{Script=Cyrillic}/u;

export function createStreetAddressRecognizer(): Recognizer {
  return {
    name: 'street-address',
    entity: 'STREET_ADDRESS',
    mayMatch: (text) => /\d/.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const pattern of PATTERNS) {
        for (const match of text.matchAll(pattern)) {
          let start = match.index;
          let end = match.index + match[0].length;
          const tail = TOWN_TAIL.exec(text.slice(end, end + 60));
          if (tail) end += tail[0].length;
          else {
            const place = PLACE_TAIL.exec(text.slice(end, end + 60));
            const town = place?.[1];
            if (place && town && (CYRILLIC_TOWN.test(town) || isPlaceName(town))) end += place[0].length;
          }
          const unit = UNIT_BEFORE.exec(text.slice(Math.max(0, start - 20), start));
          if (unit) start -= unit[0].length;
          spans.push({ start, end, entity: 'STREET_ADDRESS', score: 0.8 });
        }
      }
      return spans;
    },
  };
}

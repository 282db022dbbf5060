/**
 * The synthetic contributor population: one shared pool of fictional people
 * that every repository of the corpus draws its authors from, so people
 * contribute to several repositories and categories, arrive and leave over
 * time, and commit under one or two email addresses.
 *
 * Distributions (all parameters are constants of this module):
 * - **Region** (names, timezone, webmail provider): us 30 %, cn 24 %, eu 18 %,
 *   in 12 %, kr-jp 7 %, other 9 % (see `REGIONS` in `vocab.ts`); 4 % of `cn`
 *   people write their name in Han characters. DST-observing zones add one
 *   hour from late March to late October (Australia: October to March).
 * - **Global activity** (how likely a person is drawn into a repository):
 *   Pareto with `xm = 1`, `alpha = 1.8`, capped at 50, so a few people are
 *   drawn into dozens of repositories and most into one (a repository
 *   redraws people it already has, see `history.ts`). With the population
 *   at twice the sum of expected per-repo author counts (`plan.ts`), the
 *   default corpus has about 85k distinct authors, 35 % of them in two or
 *   more repositories and 19 % in two or more categories; the busiest
 *   people are in 30-35 repositories (the real 54-repo cache: 13k emails,
 *   10 % in two or more repositories, busiest 31).
 * - **Home category**: people are spread over categories in proportion to
 *   the expected contributor count of each category; a draw for a repository
 *   picks from the repository's category 70 % of the time and from the whole
 *   population 30 % (cross-category overlap).
 * - **Arrival**: exponential growth density (x3 over the span) on
 *   `[windowStart - 3 years, windowEnd]`; **career** in the ecosystem:
 *   log-normal, median 2.5 years, sigma 0.9, lengthened by
 *   `activity^0.25`; 12 % never leave.
 * - **Email kinds** (primary address): GitHub noreply 30 % (of which 15 %
 *   in the old `login@users.noreply.github.com` form, the rest
 *   `<id>+login@users.noreply.github.com`), webmail 31 % (gmail.com, qq.com,
 *   163.com, outlook.com, ... by region), corporate 31 % (nvidia.com,
 *   intel.com, amd.com, google.com, meta.com, microsoft.com, ... weighted by
 *   home category), academic 5 %, personal domain 3 %.
 * - **Second address** for 22 % of people: corporate + personal webmail
 *   (35 %), new + old noreply (15 %), the same address with different letter
 *   case (10 %), webmail + noreply (20 %), both used at random with the
 *   second 30 % of the time; or a job change (20 %): a second employer's
 *   address from a switch date on. A quarter of two-address people also
 *   vary their name (`Wang, Chuanqi` / `Chuanqi Wang`, or the login).
 *
 * @module
 */
import { AliasTable, Rng, apportion } from './random.ts';
import { EMPLOYERS, HAN_NAMES, PERSONAL_TLDS, REGIONS, type Region } from './vocab.ts';

const YEAR = 365.25 * 86_400;

/** One fictional contributor. */
export interface Person {
  /** Dense id, 0-based. */
  readonly id: number;
  /** GitHub login (unique in the population). */
  readonly login: string;
  /** Display name used with the primary address. */
  readonly name: string;
  /** Name used with the second address (often equal to `name`). */
  readonly altName: string;
  /** Primary email address. */
  readonly email: string;
  /** Second email address, if any. */
  readonly altEmail: string | undefined;
  /** `mixed`: the second address is used at random (`altShare`); `switch`: from `switchAt` on. */
  readonly altMode: 'mixed' | 'switch' | 'none';
  /** Share of commits under the second address in `mixed` mode. */
  readonly altShare: number;
  /** Unix seconds from which a `switch` person uses the second address. */
  readonly switchAt: number;
  /** Standard-time UTC offset, minutes east. */
  readonly tz: number;
  /** DST rule: 0 none, 1 northern (late March - late October), 2 southern. */
  readonly dst: 0 | 1 | 2;
  /** First instant the person is active, Unix seconds. */
  readonly arrive: number;
  /** Instant the person leaves the ecosystem, Unix seconds (Infinity for never). */
  readonly leave: number;
  /** Global activity weight (Pareto). */
  readonly activity: number;
  /** Home category index. */
  readonly home: number;
}

/** The population and its samplers. */
export interface Population {
  readonly people: readonly Person[];
  /** Draws a person for a repository of a category, alive at `t` when possible. */
  draw(rng: Rng, category: number, t: number): Person;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

/**
 * Builds the population.
 *
 * @param seed - corpus seed
 * @param size - number of people
 * @param categories - category slugs, in order
 * @param categoryWeights - relative share of people per category (same order)
 * @param windowStart - corpus window start, Unix seconds
 * @param windowEnd - corpus window end, Unix seconds
 */
export function buildPopulation(
  seed: number,
  size: number,
  categories: readonly string[],
  categoryWeights: readonly number[],
  windowStart: number,
  windowEnd: number,
): Population {
  const rng = Rng.stream(seed, 'population');
  const regionTable = new AliasTable(REGIONS.map((r) => r.weight));
  const homes = apportion(size, categoryWeights);
  const homeList: number[] = [];
  homes.forEach((n, c) => {
    for (let i = 0; i < n; i++) homeList.push(c);
  });
  rng.shuffle(homeList);
  const employerTables = categories.map((slug) => {
    const weights = EMPLOYERS.map(([, base, boosts]) => base * (boosts?.[slug] ?? 1));
    return new AliasTable(weights);
  });
  const logins = new Set<string>();
  const people: Person[] = [];
  const spanStart = windowStart - 3 * YEAR;
  const span = windowEnd - spanStart;
  const g = Math.log(3);

  const employer = (home: number): string => EMPLOYERS[employerTables[home]!.sample(rng)]![0];
  const webmail = (region: Region): string => rng.weighted(region.webmail);

  for (let id = 0; id < size; id++) {
    const region = REGIONS[regionTable.sample(rng)]!;
    const first = rng.pick(region.first);
    const last = rng.pick(region.last);
    const han = region.key === 'cn' && rng.chance(0.04);
    const name = han ? rng.pick(HAN_NAMES) : `${first} ${last}`;
    const f = ascii(first);
    const l = ascii(last);
    // Login: unique across the population.
    const loginShapes = [`${f}${l}`, `${f}-${l}`, `${f[0]}${l}`, `${l}${f}`, `${f}${l[0]}`, `${f}${rng.int(100)}`, `${l}-${f}`, `${f}_${l}`.replace('_', '')];
    let login = rng.pick(loginShapes);
    if (rng.chance(0.3)) login += String(rng.int(2000));
    while (logins.has(login)) login = `${login.replace(/\d+$/, '')}${rng.int(100_000)}`;
    logins.add(login);
    // GitHub user ids grow with account age.
    const u = rng.float();
    const arriveFrac = Math.log(1 + u * (Math.exp(g) - 1)) / g; // exponential-growth density on [0, 1]
    const arrive = spanStart + arriveFrac * span;
    const ghId = Math.floor(1_000_000 + arriveFrac * 200_000_000 + rng.int(20_000_000));
    const activity = Math.min(50, rng.pareto(1, 1.8));
    const leave = rng.chance(0.12) ? Infinity : arrive + rng.logNormal(2.5 * YEAR, 0.9) * Math.pow(activity, 0.25);
    const [tz, , dstFlag] = rng.weighted(region.zones.map((z) => [z, z[1]] as const));
    const dst: 0 | 1 | 2 = !dstFlag ? 0 : tz >= 540 ? 2 : 1;
    const home = homeList[id]!;

    const localStyles = [`${f}.${l}`, `${f[0]}${l}`, `${f}${l[0]}`, `${f}`, `${f}_${l}`, login];
    const corp = () => `${rng.pick(localStyles.slice(0, 5))}@${employer(home)}`;
    const web = (): string => {
      const domain = webmail(region);
      if (domain === 'qq.com' && rng.chance(0.7)) return `${100_000_000 + rng.int(3_000_000_000)}@qq.com`;
      const local = rng.chance(0.5) ? login.toLowerCase() : `${rng.pick(localStyles)}${rng.chance(0.4) ? rng.int(1000) : ''}`;
      return `${local}@${domain}`;
    };
    const noreplyNew = `${ghId}+${login}@users.noreply.github.com`;
    const noreplyOld = `${login}@users.noreply.github.com`;
    const kind = rng.weighted([['noreply', 30], ['web', 31], ['corp', 31], ['academic', 5], ['personal', 3]] as const);
    let email: string;
    switch (kind) {
      case 'noreply':
        email = rng.chance(0.15) ? noreplyOld : noreplyNew;
        break;
      case 'web':
        email = web();
        break;
      case 'corp':
        email = corp();
        break;
      case 'academic':
        email = `${rng.pick(localStyles.slice(0, 4))}@${rng.pick(region.academic)}`;
        break;
      default:
        email = `${f}@${f}${l}.${rng.pick(PERSONAL_TLDS)}`;
    }
    let altEmail: string | undefined;
    let altMode: Person['altMode'] = 'none';
    let switchAt = Infinity;
    if (rng.chance(0.22)) {
      const how = rng.weighted([['corp+web', 35], ['noreply-old', 15], ['case', 10], ['web+noreply', 20], ['job', 20]] as const);
      altMode = 'mixed';
      if (how === 'corp+web') {
        email = corp();
        altEmail = web();
      } else if (how === 'noreply-old') {
        email = noreplyNew;
        altEmail = noreplyOld;
      } else if (how === 'case') {
        const [local, domain] = email.split('@') as [string, string];
        altEmail = `${local.replace(/(^|[._])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase())}@${domain.replace(/^[a-z]/, (c) => c.toUpperCase())}`;
        if (altEmail === email) altEmail = email.toUpperCase();
      } else if (how === 'web+noreply') {
        email = web();
        altEmail = noreplyNew;
      } else {
        altMode = 'switch';
        email = corp();
        do altEmail = corp();
        while (altEmail === email && rng.chance(0.9));
        const careerEnd = Number.isFinite(leave) ? leave : windowEnd;
        switchAt = arrive + rng.range(0.2, 0.8) * (Math.max(careerEnd, arrive + YEAR) - arrive);
      }
    }
    let altName = name;
    if (altEmail && rng.chance(0.25)) altName = region.familyFirst && !han ? `${last}, ${first}` : login;
    people.push({
      id,
      login,
      name,
      altName,
      email,
      altEmail,
      altMode,
      altShare: 0.3,
      switchAt,
      tz,
      dst,
      arrive,
      leave,
      activity,
      home,
    });
  }

  const all = new AliasTable(people.map((p) => p.activity));
  const byCategory = categories.map((_, c) => {
    const members = people.filter((p) => p.home === c);
    return { members, table: members.length ? new AliasTable(members.map((p) => p.activity)) : undefined };
  });

  return {
    people,
    draw(r: Rng, category: number, t: number): Person {
      let candidate: Person | undefined;
      for (let attempt = 0; attempt < 40; attempt++) {
        const pool = byCategory[category];
        candidate = pool?.table && r.chance(0.7) ? pool.members[pool.table.sample(r)]! : people[all.sample(r)]!;
        if (candidate.arrive <= t && t < candidate.leave) return candidate;
      }
      return candidate!;
    },
  };
}

/**
 * The address and name a person commits under at an instant.
 *
 * @param p - person
 * @param t - Unix seconds
 * @param rng - random stream (consumed only for `mixed` people)
 * @returns `[name, email]`
 */
export function identityAt(p: Person, t: number, rng: Rng): readonly [string, string] {
  if (p.altEmail === undefined) return [p.name, p.email];
  if (p.altMode === 'switch') return t >= p.switchAt && !rng.chance(0.05) ? [p.altName, p.altEmail] : [p.name, p.email];
  return rng.chance(p.altShare) ? [p.altName, p.altEmail] : [p.name, p.email];
}

/**
 * A person's UTC offset at an instant, minutes east of UTC, applying their
 * DST rule (northern: +60 from 25 March to 28 October; southern: +60 from
 * 1 October to 5 April, approximations of the EU/US and Australian rules).
 *
 * @param p - person (`tz`, `dst`)
 * @param t - Unix seconds
 */
export function offsetAt(p: Pick<Person, 'tz' | 'dst'>, t: number): number {
  if (p.dst === 0) return p.tz;
  const d = new Date(t * 1000);
  const md = d.getUTCMonth() * 100 + d.getUTCDate(); // e.g. 2_25 for 25 March
  const summerNorth = md >= 225 && md < 928;
  if (p.dst === 1) return summerNorth ? p.tz + 60 : p.tz;
  return md >= 901 || md < 305 ? p.tz + 60 : p.tz;
}

/**
 * Formats a UTC offset as git writes it, e.g. `+0530`, `-0700`.
 *
 * @param minutes - minutes east of UTC
 */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

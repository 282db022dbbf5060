/**
 * Who a commit identity is: a person (with a canonical key), a bot, or an AI
 * coding agent; and which organisation an email belongs to.
 *
 * Canonical identity (the key contributors are counted by):
 * 1. map the recorded name and email through the mailmap (git's rules);
 * 2. lower-case and trim the email;
 * 3. reduce GitHub noreply addresses (`12345+login@users.noreply.github.com`
 *    and the older `login@users.noreply.github.com`) to `github:<login>`, so
 *    both forms of one account are one person;
 * 4. an identity with no usable email (empty, without `@`, or a machine
 *    address such as jane at a `.cluster` node, see `data/identities.yaml`)
 *    is keyed by its lower-cased name (`name:<name>`), so one person on many
 *    machines is one contributor;
 * 5. a placeholder account (root at some `.cluster` node) names nobody and is
 *    not a contributor at all.
 *
 * @module
 */
import type { IdentityRules, OrganisationRule } from './rules.ts';

/**
 * What kind of actor an identity is: a person; a bot (automation, excluded);
 * an AI coding agent (never a contributor, marks AI assistance); or a
 * placeholder account such as `root` on some machine, which names nobody.
 */
export type IdentityKind = 'person' | 'bot' | 'agent' | 'placeholder';

/** The resolved identity behind a recorded name and email. */
export interface ResolvedIdentity {
  /** person, bot or AI agent. */
  readonly kind: IdentityKind;
  /**
   * Canonical key (see module doc): `github:<login>`, `name:<name>` or the
   * lower-cased email. Never published.
   */
  readonly key: string;
  /** Lower-cased recorded email before mailmap (for the identity audit). */
  readonly rawKey: string;
  /** Lower-cased email after mailmap, before noreply reduction (for the audit). */
  readonly mappedKey: string;
  /** `mappedKey` with noreply addresses reduced to the login, before machine addresses are keyed by name (for the audit). */
  readonly noreplyKey: string;
  /** Email after mailmap, lower-cased. */
  readonly email: string;
  /**
   * Email as recorded in the commit, lower-cased: what affiliation is read
   * from, since it says which organisation the person committed for at the
   * time, even when the mailmap joins it to a personal address.
   */
  readonly recordedEmail: string;
  /** The agent's display name when `kind === 'agent'`. */
  readonly agent?: string;
}

/** How an email's organisation was determined. */
export type AffiliationKind = 'organisation' | 'academic' | 'personal' | 'noreply' | 'unknown';

/** The organisation (or explicit bucket) an email belongs to at a time. */
export interface Affiliation {
  /** Published name: the organisation, or the bucket's label. */
  readonly name: string;
  /** How it was determined. */
  readonly kind: AffiliationKind;
}

/** Published labels of the buckets that are not a named organisation. */
export const AFFILIATION_BUCKETS: Readonly<Record<Exclude<AffiliationKind, 'organisation'>, Affiliation>> = {
  academic: { name: 'Universities (other)', kind: 'academic' },
  personal: { name: 'Personal email', kind: 'personal' },
  noreply: { name: 'Undisclosed (GitHub noreply)', kind: 'noreply' },
  unknown: { name: 'Unknown domain', kind: 'unknown' },
};

const NOREPLY_RE = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/;

/**
 * The GitHub login of a noreply address, lower-cased.
 *
 * @param email - lower-cased email
 * @returns the login, or undefined when the address is not a GitHub noreply address
 */
export function noreplyLogin(email: string): string | undefined {
  return NOREPLY_RE.exec(email)?.[1];
}

/**
 * Splits a `Name <email>` trailer value (as in `Co-authored-by`).
 *
 * @param value - trailer value
 * @returns name and email (email empty when the value has no `<...>`)
 */
export function parseNameEmail(value: string): { name: string; email: string } {
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(value);
  return m ? { name: m[1]!.trim(), email: m[2]!.trim() } : { name: value.trim(), email: '' };
}

function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1);
}

function domainMatches(domain: string, rule: string): boolean {
  return domain === rule || domain.endsWith('.' + rule);
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/**
 * Resolves identities and affiliations with the rules of `data/`, memoising
 * every lookup (a corpus has millions of commits but tens of thousands of
 * distinct identities).
 */
export class IdentityResolver {
  private readonly rules: IdentityRules;
  private readonly cache = new Map<string, ResolvedIdentity>();
  private readonly botNames: Set<string>;
  private readonly botEmails: Set<string>;
  private readonly botLogins: Set<string>;
  private readonly botSuffixes: string[];
  private readonly botPatterns: RegExp[];
  private readonly agentTrailers: { key: string; value: RegExp }[];
  private readonly orgRules: { rule: OrganisationRule; from: number; until: number }[];
  private readonly personal: Set<string>;
  private readonly placeholderNames: Set<string>;
  private readonly hostSuffixes: string[];
  private readonly domainCache = new Map<string, { rule: OrganisationRule; from: number; until: number }[] | Affiliation>();

  /** @param rules - loaded rule files (see `loadIdentityRules`) */
  constructor(rules: IdentityRules) {
    this.rules = rules;
    const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
    this.botNames = new Set(lower(rules.bots.names));
    this.botEmails = new Set(lower(rules.bots.emails));
    this.botLogins = new Set(lower(rules.bots.logins));
    this.botSuffixes = lower(rules.bots.suffixes);
    this.botPatterns = rules.bots.patterns.map((p) => new RegExp(p, 'i'));
    this.agentTrailers = rules.agents.trailers.map((t) => ({ key: t.key.toLowerCase(), value: new RegExp(t.value, 'i') }));
    this.orgRules = rules.affiliations.organisations.map((rule) => ({
      rule,
      from: rule.from ? dayStart(rule.from) : -Infinity,
      until: rule.until ? dayStart(rule.until) : Infinity,
    }));
    this.personal = new Set(lower(rules.affiliations.personal));
    this.placeholderNames = new Set(lower(rules.placeholders.placeholderNames));
    this.hostSuffixes = lower(rules.placeholders.hostDomainSuffixes);
  }

  /**
   * Whether an email is a machine address (git's `user@hostname` default):
   * its domain has no dot or ends with a `hostDomainSuffixes` entry.
   *
   * @param email - lower-cased email
   */
  isMachineAddress(email: string): boolean {
    const domain = domainOf(email);
    return !domain.includes('.') || this.hostSuffixes.some((s) => domain.endsWith(s));
  }

  /**
   * Resolves a recorded identity (author or co-author).
   *
   * Order: mailmap, then AI agent rules, then bot rules, else a person. Agents
   * are checked first so an agent with a `[bot]` login (e.g.
   * `devin-ai-integration[bot]`) counts as AI assistance, not as automation.
   *
   * @param name - recorded name
   * @param email - recorded email
   * @returns the resolved identity (memoised per exact name and email)
   */
  resolve(name: string, email: string): ResolvedIdentity {
    const memo = `${name}\u0000${email}`;
    const hit = this.cache.get(memo);
    if (hit) return hit;
    const mapped = this.rules.mailmap.resolve(name, email);
    const mappedEmail = mapped.email.trim().toLowerCase();
    const mappedName = mapped.name.trim();
    const login = noreplyLogin(mappedEmail);
    const byName = `name:${mappedName.toLowerCase()}`;
    const machine = !mappedEmail.includes('@') || this.isMachineAddress(mappedEmail);
    const key = login ? `github:${login}` : machine ? byName : mappedEmail;
    const rawKey = email.trim().toLowerCase() || `name:${name.trim().toLowerCase()}`;
    const mappedKey = mappedEmail || byName;
    const noreplyKey = login ? `github:${login}` : mappedKey;
    const agent = this.agentOf(mappedName, mappedEmail, login);
    const local = mappedEmail.slice(0, Math.max(0, mappedEmail.lastIndexOf('@')));
    const placeholder =
      this.placeholderNames.has(mappedName.toLowerCase()) && (machine || this.placeholderNames.has(local));
    const kind: IdentityKind = agent
      ? 'agent'
      : this.isBot(mappedName, mappedEmail, login)
        ? 'bot'
        : placeholder
          ? 'placeholder'
          : 'person';
    const recordedEmail = email.trim().toLowerCase();
    const resolved: ResolvedIdentity = { kind, key, rawKey, mappedKey, noreplyKey, email: mappedEmail, recordedEmail, ...(agent ? { agent } : {}) };
    this.cache.set(memo, resolved);
    return resolved;
  }

  private isBot(name: string, email: string, login: string | undefined): boolean {
    const lname = name.toLowerCase();
    const local = email.slice(0, Math.max(0, email.lastIndexOf('@')));
    if (this.botSuffixes.some((s) => lname.endsWith(s) || local.endsWith(s))) return true;
    if (this.botNames.has(lname) || this.botEmails.has(email)) return true;
    if (login !== undefined && this.botLogins.has(login)) return true;
    const full = `${name} <${email}>`;
    return this.botPatterns.some((re) => re.test(full));
  }

  private agentOf(name: string, email: string, login: string | undefined): string | undefined {
    const lname = name.toLowerCase();
    const domain = domainOf(email);
    for (const a of this.rules.agents.agents) {
      if (a.emails?.some((e) => e.toLowerCase() === email)) return a.name;
      if (a.domains?.some((d) => domainMatches(domain, d.toLowerCase()))) return a.name;
      if (login !== undefined && a.logins?.some((l) => l.toLowerCase() === login)) return a.name;
      if (a.names?.some((n) => n.toLowerCase() === lname)) return a.name;
    }
    return undefined;
  }

  /**
   * Whether a trailer marks AI assistance by itself (`Made-with: Cursor`),
   * per `trailers` in `data/ai-agents.yaml`.
   *
   * @param key - trailer key as written
   * @param value - trailer value
   */
  isAgentTrailer(key: string, value: string): boolean {
    const k = key.toLowerCase();
    return this.agentTrailers.some((t) => t.key === k && t.value.test(value));
  }

  /**
   * The organisation (or bucket) of an email at a time.
   *
   * Rules: GitHub noreply addresses are `noreply`; the most specific matching
   * domain of `organisations` whose date range holds at `time`; else a listed
   * personal provider is `personal`; else an academic suffix is `academic`;
   * else `unknown`.
   *
   * @param email - lower-cased email (as recorded in the commit)
   * @param time - Unix seconds UTC (the commit's author time)
   */
  affiliation(email: string, time: number): Affiliation {
    if (email.endsWith('@users.noreply.github.com')) return AFFILIATION_BUCKETS.noreply;
    const domain = domainOf(email);
    let entry = this.domainCache.get(domain);
    if (entry === undefined) {
      const matching = this.orgRules
        .filter((o) => domainMatches(domain, o.rule.domain))
        .sort((a, b) => b.rule.domain.length - a.rule.domain.length);
      if (matching.length > 0) entry = matching;
      else if (this.personal.has(domain)) entry = AFFILIATION_BUCKETS.personal;
      else if (domain && this.rules.affiliations.academicSuffixes.some((s) => (s.startsWith('.') ? domain.endsWith(s) : domainMatches(domain, s)))) {
        entry = AFFILIATION_BUCKETS.academic;
      } else entry = AFFILIATION_BUCKETS.unknown;
      this.domainCache.set(domain, entry);
    }
    if (!Array.isArray(entry)) return entry;
    // The most specific domain wins; among its rules, the one whose range holds.
    const best = entry[0]!.rule.domain;
    const hit = entry.find((o) => o.rule.domain === best && o.from <= time && time < o.until);
    return hit ? { name: hit.rule.organisation, kind: 'organisation' } : AFFILIATION_BUCKETS.unknown;
  }
}

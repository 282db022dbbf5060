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

/** A name and an email as read from a trailer value. */
export interface NameEmail {
  /** The person's name as written (may be empty for a bare address). */
  readonly name: string;
  /** The address (empty when the value gives none). */
  readonly email: string;
}

/** Characters that never belong to an address and surround or end one in prose. */
const NOT_IN_ADDRESS = '\\s<>()[\\]@,;"\'`“”‘’';
/** An email address: one `@`, no spaces, brackets or quotes. */
const ADDRESS = new RegExp(`^[^${NOT_IN_ADDRESS}]+@[^${NOT_IN_ADDRESS}]+$`, 'u');
/** Quotes around a name or an address: straight, back and typographic. */
const QUOTES = /^["'`“”‘’]+|["'`“”‘’]+$/gu;
/** A Markdown mailto link, `[jane@example.com](mailto:jane@example.com)`. */
const MAILTO = /\[([^\]]*)\]\(mailto:([^)\s?]*)[^)]*\)/giu;
/** A GitHub handle written alone, `@octo-cat`. */
const HANDLE = /^@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/u;

function unquote(s: string): string {
  return s.trim().replace(QUOTES, '').trim();
}

/**
 * Reads one identity from a trailer value the way a person would, not only
 * git's exact `Name <email>`:
 * - `Name <email>`, also with quotes around either part (`"jd" <"jd@example.com">`)
 *   and with a Markdown mailto link inside the brackets;
 * - name and address swapped, `jd@example.com <Jane Doe>` (the brackets hold no `@`);
 * - an address without brackets, `Jane Doe jd@example.com`, or a bare address;
 * - an address in parentheses, `Jane Doe (jd@example.com)`;
 * - a Markdown mailto link, `Jane Doe [jd@example.com](mailto:jd@example.com)`;
 * - a GitHub handle alone, `@octo-cat`: that account's noreply address
 *   (`octo-cat@users.noreply.github.com`), so it is the same person as the
 *   account's noreply commits;
 * - anything else is a name without an email.
 *
 * @example parseNameEmail('jd@example.com <Jane Doe>') // { name: 'Jane Doe', email: 'jd@example.com' }
 * @param value - one identity of a trailer value (see {@link parseCoAuthors} for whole values)
 * @returns name and email (email empty when the value gives no address)
 */
export function parseNameEmail(value: string): NameEmail {
  const v = value.replace(MAILTO, (_m, text: string, addr: string) => addr || text).trim();
  const bracketed = /^(.*?)\s*<([^<>]*)>$/su.exec(v);
  if (bracketed) {
    const name = unquote(bracketed[1]!);
    const inner = unquote(bracketed[2]!);
    if (!inner.includes('@') && ADDRESS.test(name)) return { name: inner, email: name };
    return { name, email: inner };
  }
  const parenthesised = /^(.*?)\s*\(([^()]*)\)$/su.exec(v);
  if (parenthesised && ADDRESS.test(unquote(parenthesised[2]!))) return { name: unquote(parenthesised[1]!), email: unquote(parenthesised[2]!) };
  const handle = HANDLE.exec(v);
  if (handle) return { name: v, email: `${handle[1]}@users.noreply.github.com` };
  const tokens = v.split(/\s+/u);
  const last = unquote(tokens.at(-1) ?? '');
  if (ADDRESS.test(last)) return { name: unquote(tokens.slice(0, -1).join(' ')), email: last };
  return { name: unquote(v), email: '' };
}

/**
 * Reads every identity of a `Co-authored-by` value: usually one, but a value
 * may list several (`A <a@x.org>, B <b@y.org>`, `@one, @two`), and may end in
 * stray punctuation after the closing bracket (`A <a@x.org>,`). Each identity
 * is read by {@link parseNameEmail}.
 *
 * @example parseCoAuthors('A <a@x.org>, B <b@y.org>') // [{ name: 'A', email: 'a@x.org' }, { name: 'B', email: 'b@y.org' }]
 * @param value - the trailer value
 * @returns identities in the order written; empty for an empty value
 */
export function parseCoAuthors(value: string): NameEmail[] {
  const v = value
    .replace(MAILTO, (_m, text: string, addr: string) => addr || text)
    .trim()
    .replace(/>\s*[,;.`'"”’]+$/u, '>');
  if (v === '') return [];
  let parts = v.split(/(?<=>)\s*[,;]\s*(?=\S)/u);
  if (parts.length === 1) {
    const handles = v.split(/\s*,\s*/u);
    if (handles.length > 1 && handles.every((h) => HANDLE.test(h))) parts = handles;
  }
  return parts.map(parseNameEmail);
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
   * Rules: GitHub noreply addresses are `noreply`; a personal provider
   * listed by the exact domain is `personal` (more specific than an
   * organisation's parent domain: `alum.mit.edu` is personal, `mit.edu`
   * MIT); else the most specific matching domain of `organisations` whose
   * date range holds at `time`; else an academic suffix is `academic`; else
   * `unknown`.
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
      // A personal provider listed by its exact domain is more specific than an
      // organisation matched through a parent domain (alum.mit.edu is not MIT).
      if (this.personal.has(domain)) entry = AFFILIATION_BUCKETS.personal;
      else if (matching.length > 0) entry = matching;
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

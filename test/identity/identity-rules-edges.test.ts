/**
 * The identity rules where the fixture rule files never decide: rules with
 * more than one entry of a kind (two bot suffixes, two agent domains, two
 * logins, agent email addresses, a subdomain rule next to its parent
 * domain's, an academic suffix next to an academic domain), and the edges of
 * reading a `Co-authored-by` value (spaces, brackets without a space before
 * them, separators). Every expected value follows from the rule named in the
 * comment; the rules are the fixture files plus the entries each test adds.
 */
import { describe, expect, it } from 'vitest';
import { IdentityResolver, parseCoAuthors, parseNameEmail } from '../../src/identity/identity.ts';
import type { IdentityRules } from '../../src/identity/rules.ts';
import { at, fixtureIdentityRules } from '../helpers/records.ts';

/** The fixture rules with some sections replaced (built inside each test, see docs/mutation.md). */
function withRules(change: (rules: IdentityRules) => Partial<IdentityRules>): IdentityResolver {
  const base = fixtureIdentityRules();
  return new IdentityResolver({ ...base, ...change(base) });
}

const t = at('2026-05-01T00:00:00Z');

describe('rules with several entries of a kind', () => {
  it('a bot by any one of its suffixes', () => {
    const r = withRules((b) => ({ bots: { ...b.bots, suffixes: ['[bot]', '-ci'] } }));
    // "[bot]" ends the name, "-ci" does not: one suffix is enough.
    expect(r.resolve('Helper[bot]', 'helper@example.com').kind).toBe('bot');
    expect(r.resolve('Helper', 'nightly-ci@example.com').kind).toBe('bot');
    expect(r.resolve('Helper', 'helper@example.com').kind).toBe('person');
  });

  it('a bot pattern is matched without regard to case', () => {
    // fixture pattern "^Release Robot <", read case-insensitively
    const r = new IdentityResolver(fixtureIdentityRules());
    expect(r.resolve('release robot', 'rr@example.com').kind).toBe('bot');
  });

  it('an agent by any one of its addresses, domains or logins, addresses compared in lower case', () => {
    const r = withRules((b) => ({
      agents: {
        ...b.agents,
        agents: [
          { name: 'Aider', emails: ['Aider@Example.com', 'aider-bot@example.org'] },
          { name: 'Claude Code', domains: ['anthropic.com', 'claude.ai'] },
          { name: 'GitHub Copilot', logins: ['copilot', 'copilot-swe-agent'] },
        ],
      },
    }));
    // the recorded address is lower-cased, so is the rule's: aider@example.com is the first address
    expect(r.resolve('Someone', 'AIDER@example.com')).toMatchObject({ kind: 'agent', agent: 'Aider' });
    expect(r.resolve('Someone', 'aider-bot@example.org')).toMatchObject({ kind: 'agent', agent: 'Aider' });
    expect(r.resolve('Someone', 'aider@example.net').kind).toBe('person');
    // the second domain, and a subdomain of it
    expect(r.resolve('Someone', 'x@claude.ai')).toMatchObject({ kind: 'agent', agent: 'Claude Code' });
    expect(r.resolve('Someone', 'x@mail.claude.ai')).toMatchObject({ kind: 'agent', agent: 'Claude Code' });
    // the second login, read from a noreply address
    expect(r.resolve('Someone', '7+copilot-swe-agent@users.noreply.github.com')).toMatchObject({ kind: 'agent', agent: 'GitHub Copilot' });
  });

  it('the most specific organisation domain wins, in whatever order the rules are listed; its own date range decides', () => {
    // nvidia.com is listed before research.nvidia.com, which holds only until 2026-01-01.
    const r = withRules((b) => ({
      affiliations: {
        ...b.affiliations,
        organisations: [
          { domain: 'nvidia.com', organisation: 'NVIDIA' },
          { domain: 'research.nvidia.com', organisation: 'NVIDIA Research', until: '2026-01-01' },
          ...b.affiliations.organisations.filter((o) => o.domain !== 'nvidia.com'),
        ],
      },
    }));
    expect(r.affiliation('a@research.nvidia.com', at('2025-12-31T23:59:59Z'))).toEqual({ name: 'NVIDIA Research', kind: 'organisation' });
    expect(r.affiliation('a@gpu.research.nvidia.com', at('2025-06-01T00:00:00Z'))).toEqual({ name: 'NVIDIA Research', kind: 'organisation' });
    // After its range the subdomain's rule still is the most specific: no rule of that domain holds, so
    // the address is "Unknown domain" (the parent domain's rule is not consulted).
    expect(r.affiliation('b@research.nvidia.com', t)).toEqual({ name: 'Unknown domain', kind: 'unknown' });
    expect(r.affiliation('a@nvidia.com', t)).toEqual({ name: 'NVIDIA', kind: 'organisation' });
  });

  it('an academic suffix with a leading dot matches by suffix, one without it as a domain and its subdomains', () => {
    // As in data/affiliations.yaml: ".edu" and "ethz.ch".
    const r = withRules((b) => ({ affiliations: { ...b.affiliations, academicSuffixes: ['.edu', 'ethz.ch'] } }));
    expect(r.affiliation('a@cs.uni.edu', t).kind).toBe('academic');
    expect(r.affiliation('a@inf.ethz.ch', t).kind).toBe('academic');
    expect(r.affiliation('a@ethz.ch', t).kind).toBe('academic');
    // "myethz.ch" ends with "ethz.ch" but is not that domain or a subdomain of it
    expect(r.affiliation('a@myethz.ch', t).kind).toBe('unknown');
  });
});

describe('the domain of an address is what follows its last "@"', () => {
  it('an address without "@" has no domain; one with an empty local part has one', () => {
    const r = new IdentityResolver(fixtureIdentityRules());
    expect(r.affiliation('nvidia.com', t)).toEqual({ name: 'Unknown domain', kind: 'unknown' });
    expect(r.affiliation('@nvidia.com', t)).toEqual({ name: 'NVIDIA', kind: 'organisation' });
    // no domain: a machine address; "@nvidia.com" has a domain with a dot: not one
    expect(r.isMachineAddress('jo.ro.example.com')).toBe(true);
    expect(r.isMachineAddress('@nvidia.com')).toBe(false);
  });
});

describe('Co-authored-by values: spaces, brackets and separators', () => {
  it('quotes and spaces inside them, in the name and inside the brackets', () => {
    // name: trimmed, unquoted, trimmed again; address: the same inside the brackets
    expect(parseNameEmail('" Jo Ro " <  "jo@x.org" >')).toEqual({ name: 'Jo Ro', email: 'jo@x.org' });
  });

  it('a bracket or parenthesis right after the name, without a space', () => {
    expect(parseNameEmail('Jo<jo@x.org>')).toEqual({ name: 'Jo', email: 'jo@x.org' });
    expect(parseNameEmail('Jo(jo@x.org)')).toEqual({ name: 'Jo', email: 'jo@x.org' });
  });

  it('an address after a name written with several spaces: the words joined by one', () => {
    expect(parseNameEmail('Jo  Ro   jo@x.org')).toEqual({ name: 'Jo Ro', email: 'jo@x.org' });
  });

  it('a mailto link is read as its address, whatever its text', () => {
    expect(parseCoAuthors('Lark [Lark Q](mailto:lark.q@163.com)')).toEqual([{ name: 'Lark', email: 'lark.q@163.com' }]);
  });

  it('splits after a closing bracket at a comma, with or without spaces around it', () => {
    const two = [
      { name: 'A', email: 'a@x.org' },
      { name: 'B', email: 'b@y.org' },
    ];
    expect(parseCoAuthors('A <a@x.org>,B <b@y.org>')).toEqual(two);
    expect(parseCoAuthors('A <a@x.org> , B <b@y.org>')).toEqual(two);
    expect(parseCoAuthors('@one,@two')).toEqual([
      { name: '@one', email: 'one@users.noreply.github.com' },
      { name: '@two', email: 'two@users.noreply.github.com' },
    ]);
  });
});

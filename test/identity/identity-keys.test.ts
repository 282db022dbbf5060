/**
 * The canonical key and the audit keys of recorded identities (the module
 * doc of `src/identity/identity.ts`, steps 1 to 5), on identities whose keys
 * must stay apart or come together: no email, machine addresses, GitHub
 * noreply addresses of different accounts, look-alikes of noreply addresses,
 * stray white space; and which rule makes an identity a bot or an agent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { IdentityResolver, noreplyLogin, parseCoAuthors, parseNameEmail } from '../../src/identity/identity.ts';
import { at, fixtureIdentityRules } from '../helpers/records.ts';

let r: IdentityResolver;
beforeEach(() => {
  r = new IdentityResolver(fixtureIdentityRules());
});

describe('canonical keys', () => {
  it('trims and lower-cases the recorded email and name', () => {
    expect(r.resolve(' Ann ', ' Ann@NVIDIA.com ')).toMatchObject({
      kind: 'person',
      key: 'ann@nvidia.com',
      rawKey: 'ann@nvidia.com',
      mappedKey: 'ann@nvidia.com',
      noreplyKey: 'ann@nvidia.com',
      email: 'ann@nvidia.com',
      recordedEmail: 'ann@nvidia.com',
    });
    expect(r.resolve(' Jo Ro ', '')).toMatchObject({ key: 'name:jo ro', rawKey: 'name:jo ro', mappedKey: 'name:jo ro', noreplyKey: 'name:jo ro', email: '' });
  });

  it('keeps two identities without an email apart, by name', () => {
    const jo = r.resolve('Jo', '');
    const kai = r.resolve('Kai', '');
    expect([jo.key, kai.key]).toEqual(['name:jo', 'name:kai']);
    expect([jo.rawKey, kai.rawKey]).toEqual(['name:jo', 'name:kai']);
    expect(jo.kind).toBe('person');
    // and an address without "@" is no address: keyed by name too
    expect(r.resolve('Lu', 'lu-at-home')).toMatchObject({ key: 'name:lu', rawKey: 'lu-at-home', mappedKey: 'lu-at-home' });
  });

  it('keeps two GitHub noreply accounts apart, and joins the two forms of one', () => {
    const lee = r.resolve('lee', '1+lee@users.noreply.github.com');
    const mo = r.resolve('mo', '2+mo@users.noreply.github.com');
    expect([lee.key, mo.key]).toEqual(['github:lee', 'github:mo']);
    expect([lee.noreplyKey, mo.noreplyKey]).toEqual(['github:lee', 'github:mo']);
    expect(lee.mappedKey).toBe('1+lee@users.noreply.github.com');
    expect(r.resolve('Lee', 'lee@users.noreply.github.com')).toMatchObject({ key: 'github:lee', noreplyKey: 'github:lee', mappedKey: 'lee@users.noreply.github.com' });
  });

  it('reads a noreply login only from a whole noreply address', () => {
    expect(noreplyLogin('12345+octo@users.noreply.github.com')).toBe('octo');
    expect(noreplyLogin('octo@users.noreply.github.com')).toBe('octo');
    expect(noreplyLogin('octo@users.noreply.github.com.example.org')).toBeUndefined();
    expect(noreplyLogin('me@octo@users.noreply.github.com')).toBeUndefined();
    expect(noreplyLogin('octo@users-noreply-github.com')).toBeUndefined();
    expect(noreplyLogin('@users.noreply.github.com')).toBeUndefined();
    // digits without the "+" are part of the login
    expect(noreplyLogin('1234octo@users.noreply.github.com')).toBe('1234octo');
    expect(r.resolve('x', 'octo@users.noreply.github.com.example.org').key).toBe('octo@users.noreply.github.com.example.org');
  });

  it('keys machine addresses by name: no dot in the domain, or a host suffix', () => {
    expect(r.isMachineAddress('jo@box')).toBe(true);
    expect(r.isMachineAddress('jo@gpu-7.cluster')).toBe(true);
    expect(r.isMachineAddress('jo@ip-10-0-0-1.local')).toBe(true);
    expect(r.isMachineAddress('jo@cluster.example.com')).toBe(false);
    expect(r.isMachineAddress('jo@example.com')).toBe(false);
    expect(r.resolve('Jo Ro', 'jo@box')).toMatchObject({ kind: 'person', key: 'name:jo ro', rawKey: 'jo@box', noreplyKey: 'jo@box' });
    expect(r.resolve('Jo Ro', 'jo@example.com').key).toBe('jo@example.com');
  });

  it('a placeholder is a placeholder name at a machine address, or with a placeholder local part', () => {
    expect(r.resolve('ROOT', 'root@gpu-7.cluster').kind).toBe('placeholder');
    expect(r.resolve('root', 'admin@gpu-7.cluster').kind).toBe('placeholder'); // machine address
    expect(r.resolve('root', 'ubuntu@lab.example.com').kind).toBe('placeholder'); // local part
    expect(r.resolve('root', 'admin@lab.example.com').kind).toBe('person');
    expect(r.resolve('Jo', 'root@gpu-7.cluster').kind).toBe('person'); // a person's name at a machine
    expect(r.resolve('root', '').kind).toBe('placeholder');
  });

  it('memoises per exact name and email', () => {
    const a = r.resolve('Ann', 'ann@nvidia.com');
    expect(r.resolve('Ann', 'ann@nvidia.com')).toBe(a);
    expect(r.resolve('Ann B', 'ann@nvidia.com')).not.toBe(a);
    expect(r.resolve('Ann', 'ann@nvidia.co')).toMatchObject({ key: 'ann@nvidia.co' });
  });

  it('keys mailmapped identities by the mapped email, and audits the recorded one', () => {
    // fixture mailmap: <carol@gmail.com> <carol.work@amd.com>
    expect(r.resolve('C', 'Carol.Work@AMD.com')).toMatchObject({ key: 'carol@gmail.com', rawKey: 'carol.work@amd.com', mappedKey: 'carol@gmail.com', recordedEmail: 'carol.work@amd.com', email: 'carol@gmail.com' });
  });
});

describe('bots and agents, rule by rule', () => {
  it('a bot by the suffix of its name or of its local part', () => {
    expect(r.resolve('Helper[bot]', 'helper@example.com').kind).toBe('bot');
    expect(r.resolve('Helper', 'helper[bot]@example.com').kind).toBe('bot');
    expect(r.resolve('Helper', 'helper@example.com').kind).toBe('person');
    // the suffix on the domain is not the local part
    expect(r.resolve('Helper', 'helper@x[bot].example.com').kind).toBe('person');
  });
  it('a bot by name, email or login, case-insensitively', () => {
    expect(r.resolve('PyTorchBot', 'someone@example.com').kind).toBe('bot');
    expect(r.resolve('Someone', 'CI@Example.com').kind).toBe('bot');
    expect(r.resolve('Someone', '5+Facebook-GitHub-Bot@users.noreply.github.com').kind).toBe('bot');
    expect(r.resolve('Someone', 'facebook-github-bot@example.com').kind).toBe('person'); // a login is read from noreply addresses only
    expect(r.resolve('Release Robot', 'rr@example.com').kind).toBe('bot'); // pattern on "Name <email>"
    expect(r.resolve('The Release Robot', 'rr@example.com').kind).toBe('person');
  });
  it('an agent by domain (and subdomain), login or name, with its display name', () => {
    expect(r.resolve('Whoever', 'x@anthropic.com')).toMatchObject({ kind: 'agent', agent: 'Claude Code' });
    expect(r.resolve('Whoever', 'x@mail.anthropic.com')).toMatchObject({ kind: 'agent', agent: 'Claude Code' });
    expect(r.resolve('Whoever', 'x@notanthropic.com').kind).toBe('person');
    expect(r.resolve('Whoever', '9+COPILOT@users.noreply.github.com')).toMatchObject({ kind: 'agent', agent: 'GitHub Copilot' });
    expect(r.resolve('copilot', 'copilot@example.com').kind).toBe('person'); // the login rule reads noreply logins only
    expect(r.resolve('Ann', 'ann@nvidia.com').agent).toBeUndefined();
  });
  it('an AI trailer by key, case-insensitively, and value', () => {
    expect(r.isAgentTrailer('MADE-WITH', 'Cursor 1.2')).toBe(true);
    expect(r.isAgentTrailer('Made-by', 'Cursor')).toBe(false);
  });
});

describe('affiliation buckets', () => {
  const t = at('2026-05-01T00:00:00Z');
  it('a personal provider only by its exact domain; academic suffixes by suffix', () => {
    expect(r.affiliation('a@gmail.com', t).kind).toBe('personal');
    expect(r.affiliation('a@mail.gmail.com', t).kind).toBe('unknown');
    expect(r.affiliation('a@cs.mit.edu', t)).toEqual({ name: 'Universities (other)', kind: 'academic' });
    expect(r.affiliation('a@edu', t).kind).toBe('unknown'); // ".edu" needs a dot before it
    expect(r.affiliation('', t).kind).toBe('unknown');
    expect(r.affiliation('a@', t).kind).toBe('unknown');
    // the same domain twice: answered from the memo, at its own time
    expect(r.affiliation('b@neuralmagic.com', at('2024-01-01T00:00:00Z')).name).toBe('Neural Magic');
    expect(r.affiliation('c@neuralmagic.com', at('2026-01-01T00:00:00Z')).name).toBe('Red Hat');
  });
});

describe('Co-authored-by values, edge by edge', () => {
  it('reads a bracketed value with quotes and spaces', () => {
    expect(parseNameEmail('  "Jo Ro"   <  jo@x.org  >  ')).toEqual({ name: 'Jo Ro', email: 'jo@x.org' });
    expect(parseNameEmail('<jo@x.org>')).toEqual({ name: '', email: 'jo@x.org' });
  });
  it('an address in parentheses only when it is an address', () => {
    expect(parseNameEmail('Jo Ro (jo@x.org)')).toEqual({ name: 'Jo Ro', email: 'jo@x.org' });
    expect(parseNameEmail('Jo Ro (the reviewer)')).toEqual({ name: 'Jo Ro (the reviewer)', email: '' });
  });
  it('a handle only when it is a whole handle', () => {
    expect(parseNameEmail('@jo-ro')).toEqual({ name: '@jo-ro', email: 'jo-ro@users.noreply.github.com' });
    expect(parseNameEmail('@-jo')).toEqual({ name: '@-jo', email: '' });
    expect(parseNameEmail('hi @jo')).toEqual({ name: 'hi @jo', email: '' });
  });
  it('a trailing address only when the last word is an address', () => {
    expect(parseNameEmail('Jo Ro "jo@x.org"')).toEqual({ name: 'Jo Ro', email: 'jo@x.org' });
    expect(parseNameEmail('Jo Ro jo@x')).toEqual({ name: 'Jo Ro', email: 'jo@x' });
    expect(parseNameEmail('Jo Ro jo@')).toEqual({ name: 'Jo Ro jo@', email: '' });
    expect(parseNameEmail('Jo Ro a,b@x.org')).toEqual({ name: 'Jo Ro a,b@x.org', email: '' });
  });
  it('a mailto link whose address is empty keeps its text', () => {
    expect(parseNameEmail('Jo [jo@x.org](mailto:)')).toEqual({ name: 'Jo', email: 'jo@x.org' });
    expect(parseNameEmail('Jo [jo@x.org](mailto:jo@x.org?subject=hi)')).toEqual({ name: 'Jo', email: 'jo@x.org' });
  });
  it('splits a value only between whole identities', () => {
    expect(parseCoAuthors('A <a@x.org>; B <b@y.org>')).toEqual([
      { name: 'A', email: 'a@x.org' },
      { name: 'B', email: 'b@y.org' },
    ]);
    expect(parseCoAuthors('Ro, Jo <jo@x.org>')).toEqual([{ name: 'Ro, Jo', email: 'jo@x.org' }]);
    expect(parseCoAuthors('@one, two')).toEqual([{ name: '@one, two', email: '' }]);
    expect(parseCoAuthors('A <a@x.org> ;.')).toEqual([{ name: 'A', email: 'a@x.org' }]);
  });
});

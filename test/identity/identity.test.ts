import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseMailmap } from '../../src/identity/mailmap.ts';
import { IdentityResolver, noreplyLogin, parseCoAuthors, parseNameEmail } from '../../src/identity/identity.ts';
import { loadIdentityRules } from '../../src/identity/rules.ts';
import { FIXTURE_RULES, at, fixtureIdentityRules } from '../helpers/records.ts';

describe('mailmap (gitmailmap(5) forms)', () => {
  const map = parseMailmap(
    [
      '# comment',
      'Proper Name <only-name@example.com>',
      '<proper@example.com> <alias@example.com>',
      'Joe Dev <joe@example.com> <JOE@old.example.com>',
      'Ann <ann@example.com> Ann Old <shared@example.com>',
      'Bob <bob@example.com> Bob Old <shared@example.com>  # trailing comment',
      '',
    ].join('\n'),
  );

  it('replaces only the name when one email is given', () => {
    expect(map.resolve('whoever', 'only-name@example.com')).toEqual({ name: 'Proper Name', email: 'only-name@example.com' });
  });
  it('replaces the email, keeping the name when none is given', () => {
    expect(map.resolve('Al', 'alias@example.com')).toEqual({ name: 'Al', email: 'proper@example.com' });
  });
  it('matches the commit email case-insensitively', () => {
    expect(map.resolve('j', 'joe@OLD.example.com')).toEqual({ name: 'Joe Dev', email: 'joe@example.com' });
  });
  it('distinguishes entries by commit name when given', () => {
    expect(map.resolve('Ann Old', 'shared@example.com').email).toBe('ann@example.com');
    expect(map.resolve('bob old', 'shared@example.com').email).toBe('bob@example.com');
    expect(map.resolve('Someone Else', 'shared@example.com').email).toBe('shared@example.com');
  });
  it('rejects a malformed line with its line number', () => {
    expect(() => parseMailmap('<a@b.c> <d@e.f>\nnot an entry\n', 'data/mailmap')).toThrow('data/mailmap:2: not a mailmap entry');
  });
});

describe('canonical identities', () => {
  // A resolver per test, built inside it (not at load time): see docs/mutation.md.
  let r: IdentityResolver;
  beforeEach(() => {
    r = new IdentityResolver(fixtureIdentityRules());
  });

  it('lower-cases emails', () => {
    expect(r.resolve('A', 'Alice@NVIDIA.com').key).toBe('alice@nvidia.com');
  });
  it('reduces both GitHub noreply forms to the login', () => {
    expect(noreplyLogin('12345+octo-cat@users.noreply.github.com')).toBe('octo-cat');
    expect(r.resolve('x', '12345+Octo@users.noreply.github.com').key).toBe('github:octo');
    expect(r.resolve('y', 'octo@users.noreply.github.com').key).toBe('github:octo');
  });
  it('joins aliases through the mailmap', () => {
    const work = r.resolve('Carol', 'carol.work@amd.com');
    expect(work.key).toBe('carol@gmail.com');
    expect(work).toMatchObject({ rawKey: 'carol.work@amd.com', mappedKey: 'carol@gmail.com', recordedEmail: 'carol.work@amd.com' });
  });
  it('keys an identity without an email by its name', () => {
    expect(r.resolve('Some One', '').key).toBe('name:some one');
  });
  it('keys a machine address by name, so one person on many machines is one contributor', () => {
    expect(r.isMachineAddress('jane@gpu-h100-0435.cm.cluster')).toBe(true);
    expect(r.isMachineAddress('jane@dilara')).toBe(true); // no dot
    expect(r.isMachineAddress('jane@nvidia.com')).toBe(false);
    const a = r.resolve('Jane Doe', 'jdoe@login-01.cm.cluster');
    const b = r.resolve('jane doe', 'jdoe@vscode-02.cm.cluster');
    expect(a).toMatchObject({ kind: 'person', key: 'name:jane doe' });
    expect(b.key).toBe(a.key);
    expect(a.noreplyKey).not.toBe(b.noreplyKey); // two recorded addresses, joined only by the machine rule
  });
  it('treats placeholder accounts as nobody', () => {
    expect(r.resolve('root', 'root@gpu-h100-0496.cm.cluster').kind).toBe('placeholder');
    expect(r.resolve('root', 'root@some-lab.example.com').kind).toBe('placeholder'); // local part is a placeholder too
    expect(r.resolve('ubuntu', 'ubuntu@ip-172-31-44-155.local').kind).toBe('placeholder');
    // A real address under a placeholder name still names someone.
    expect(r.resolve('root', 'jane@nvidia.com').kind).toBe('person');
  });
  it('parses Co-authored-by values', () => {
    expect(parseNameEmail(' Dave  Doe <dave@intel.com> ')).toEqual({ name: 'Dave  Doe', email: 'dave@intel.com' });
    expect(parseNameEmail('Just A Name')).toEqual({ name: 'Just A Name', email: '' });
    expect(parseNameEmail('Dee <dee@intel.com >')).toEqual({ name: 'Dee', email: 'dee@intel.com' });
  });
});

describe('Co-authored-by values that are not exactly "Name <email>", read as a person would', () => {
  // Look-alikes of the shapes in the real cache (intel/neural-compressor 17e9c6aed1,
  // vllm-project/llm-compressor f4556be6ed, pytorch/executorch 2e39cb8578, tinygrad/tinygrad fdf819a024).
  it('an address without angle brackets', () => {
    expect(parseCoAuthors('Copilot copilot@github.com')).toEqual([{ name: 'Copilot', email: 'copilot@github.com' }]);
    expect(parseCoAuthors('Wren Field wren.f@intel.com')).toEqual([{ name: 'Wren Field', email: 'wren.f@intel.com' }]);
    expect(parseCoAuthors('wren.f@intel.com')).toEqual([{ name: '', email: 'wren.f@intel.com' }]);
  });
  it('a Markdown mailto link, also inside the angle brackets', () => {
    expect(parseCoAuthors('Lark [lark.q@163.com](mailto:lark.q@163.com)')).toEqual([{ name: 'Lark', email: 'lark.q@163.com' }]);
    expect(parseCoAuthors('Pim Hollow <[pim.h@arm.com](mailto:pim.h@arm.com)>')).toEqual([{ name: 'Pim Hollow', email: 'pim.h@arm.com' }]);
    // with a stray comma after it, as in a pasted list
    expect(parseCoAuthors('Pim Hollow <[pim.h@arm.com](mailto:pim.h@arm.com)>,')).toEqual([{ name: 'Pim Hollow', email: 'pim.h@arm.com' }]);
  });
  it('name and address swapped', () => {
    expect(parseCoAuthors('ash.v1703@gmail.com <Ash Vale>')).toEqual([{ name: 'Ash Vale', email: 'ash.v1703@gmail.com' }]);
    // both sides addresses: the bracketed one is the address, as git reads it
    expect(parseCoAuthors('ash@old.example.org <ash@example.org>')).toEqual([{ name: 'ash@old.example.org', email: 'ash@example.org' }]);
  });
  it('quotes, parentheses and trailing punctuation', () => {
    expect(parseCoAuthors('“skye” <“skye@gmail.com”>')).toEqual([{ name: 'skye', email: 'skye@gmail.com' }]);
    expect(parseCoAuthors('Lin Ro (lin.ro@intel.com)')).toEqual([{ name: 'Lin Ro', email: 'lin.ro@intel.com' }]);
    expect(parseCoAuthors('Kaz Ora <kaz@openai.com>`')).toEqual([{ name: 'Kaz Ora', email: 'kaz@openai.com' }]);
    expect(parseCoAuthors('Nat Olu <nat@bytedance.com>"')).toEqual([{ name: 'Nat Olu', email: 'nat@bytedance.com' }]);
  });
  it('several people in one value', () => {
    expect(parseCoAuthors('Per Hale <per@arm.com>, Rya Osh <rya@arm.com>')).toEqual([
      { name: 'Per Hale', email: 'per@arm.com' },
      { name: 'Rya Osh', email: 'rya@arm.com' },
    ]);
    expect(parseCoAuthors('@one-dev, @two-dev')).toEqual([
      { name: '@one-dev', email: 'one-dev@users.noreply.github.com' },
      { name: '@two-dev', email: 'two-dev@users.noreply.github.com' },
    ]);
  });
  it('a GitHub handle is that account, so it joins the account\'s noreply commits', () => {
    const r = new IdentityResolver(fixtureIdentityRules());
    const { name, email } = parseNameEmail('@octo');
    expect(r.resolve(name, email).key).toBe(r.resolve('Octo', '9+octo@users.noreply.github.com').key);
  });
  it('leaves a name it cannot read an address from as a name', () => {
    expect(parseCoAuthors('Rez and Mik')).toEqual([{ name: 'Rez and Mik', email: '' }]);
    expect(parseCoAuthors('BujOne')).toEqual([{ name: 'BujOne', email: '' }]);
    expect(parseCoAuthors('  ')).toEqual([]);
  });
});

describe('bots and AI agents', () => {
  // A resolver per test, built inside it (not at load time): see docs/mutation.md.
  let r: IdentityResolver;
  beforeEach(() => {
    r = new IdentityResolver(fixtureIdentityRules());
  });

  it('recognises bots by suffix, name, email, login and pattern', () => {
    expect(r.resolve('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com').kind).toBe('bot');
    expect(r.resolve('Some App', 'some-app[bot]@users.noreply.github.com').kind).toBe('bot');
    expect(r.resolve('PyTorchBot', 'x@pytorch.org').kind).toBe('bot');
    expect(r.resolve('CI', 'CI@example.com').kind).toBe('bot');
    expect(r.resolve('Facebook Community Bot', '6422482+facebook-github-bot@users.noreply.github.com').kind).toBe('bot');
    expect(r.resolve('Release Robot', 'rr@example.com').kind).toBe('bot');
    // A person whose handle merely contains "bot" is a person.
    expect(r.resolve('botbw', 'botbw@example.edu').kind).toBe('person');
  });
  it('recognises AI agents before bots', () => {
    expect(r.resolve('Claude Opus', 'noreply@anthropic.com')).toMatchObject({ kind: 'agent', agent: 'Claude Code' });
    expect(r.resolve('Copilot', '198982749+Copilot@users.noreply.github.com')).toMatchObject({ kind: 'agent', agent: 'GitHub Copilot' });
    expect(r.resolve('devin-ai-integration[bot]', '158243242+devin-ai-integration[bot]@users.noreply.github.com')).toMatchObject({
      kind: 'agent',
      agent: 'Devin',
    });
  });
  it('recognises AI trailers', () => {
    expect(r.isAgentTrailer('Made-with', 'Cursor')).toBe(true);
    expect(r.isAgentTrailer('made-with', 'vim')).toBe(false);
  });
});

describe('affiliation', () => {
  // A resolver per test, built inside it (not at load time): see docs/mutation.md.
  let r: IdentityResolver;
  beforeEach(() => {
    r = new IdentityResolver(fixtureIdentityRules());
  });
  const t = at('2026-05-01T00:00:00Z');

  it('maps domains and their subdomains to organisations', () => {
    expect(r.affiliation('a@nvidia.com', t)).toEqual({ name: 'NVIDIA', kind: 'organisation' });
    expect(r.affiliation('a@login-01.nvidia.com', t)).toEqual({ name: 'NVIDIA', kind: 'organisation' });
  });
  it('prefers the most specific domain', () => {
    expect(r.affiliation('a@cs.stanford.edu', t).name).toBe('Stanford CS');
    expect(r.affiliation('a@stanford.edu', t)).toEqual({ name: 'Universities (other)', kind: 'academic' });
  });
  it('honours date ranges (from inclusive, until exclusive)', () => {
    expect(r.affiliation('a@neuralmagic.com', at('2025-01-12T23:59:59Z')).name).toBe('Neural Magic');
    expect(r.affiliation('a@neuralmagic.com', at('2025-01-13T00:00:00Z')).name).toBe('Red Hat');
  });
  it('puts webmail, noreply and unknown domains in explicit buckets', () => {
    expect(r.affiliation('a@gmail.com', t).kind).toBe('personal');
    expect(r.affiliation('1+a@users.noreply.github.com', t).kind).toBe('noreply');
    expect(r.affiliation('a@some-startup.io', t)).toEqual({ name: 'Unknown domain', kind: 'unknown' });
    expect(r.affiliation('no-at-sign', t).kind).toBe('unknown');
  });
});

describe('rule files', () => {
  it('loads the project rule files', () => {
    const rules = loadIdentityRules();
    expect(rules.bots.suffixes).toContain('[bot]');
    expect(rules.agents.agents.length).toBeGreaterThan(3);
  });
  it('reports a schema violation with file, line and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsq-rules-'));
    const aff = join(dir, 'affiliations.yaml');
    writeFileSync(aff, 'organisations:\n  - { domain: nvidia.com, organisation: NVIDIA }\n  - { domain: Bad Domain, organisation: X }\npersonal: []\nacademicSuffixes: []\n');
    expect(() => loadIdentityRules({ ...FIXTURE_RULES, affiliations: aff })).toThrow(/affiliations\.yaml:3: organisations\[1\]\.domain: must match pattern/);
  });
  it('rejects an inverted date range', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsq-rules-'));
    const aff = join(dir, 'affiliations.yaml');
    writeFileSync(aff, 'organisations:\n  - { domain: x.com, organisation: X, from: 2025-02-01, until: 2025-01-01 }\npersonal: []\nacademicSuffixes: []\n');
    expect(() => loadIdentityRules({ ...FIXTURE_RULES, affiliations: aff })).toThrow(/organisations\[0\]: "from" \(2025-02-01\) must be before "until"/);
  });
});

/**
 * Which organisation a contributor and a commit are credited to, where the
 * tie rule and an affiliation rule's date range decide: a hand-derived
 * quarter with its own mailmap and affiliation rules (written by the test).
 *
 * Rules: the fixture rules, plus
 *   mailmap       yan@intel.com is yan@nvidia.com; zoe@gmail.com is zoe@cs.stanford.edu
 *   affiliations  deci.ai is NVIDIA from 2026-05-01 (listed first) and Deci until then;
 *                 octo.ai is OctoAI from 2026-05-15, nothing before.
 *
 * 2026-Q2 in o/a (gpu-kernels), one commit each, dated by author time:
 *   yan  from intel.com 2 Apr, from nvidia.com 3 Apr   Intel 1, NVIDIA 1
 *   zoe  from gmail.com 6 Apr, from cs.stanford.edu 7 Apr   Personal email 1, Stanford CS 1
 *   wil  from deci.ai 30 Apr 12:00, 1 May 00:00          Deci 1, NVIDIA 1
 *   oli  from octo.ai 14 May 23:59:59, 15 May 00:00      Unknown domain 1, OctoAI 1
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { prepareCorpus } from '../../src/metrics/prepare.ts';
import { IdentityResolver } from '../../src/identity/identity.ts';
import { loadIdentityRules } from '../../src/identity/rules.ts';
import { loadWorkProfileRules, workClassifier } from '../../src/metrics/work-profile.ts';
import { tempDir } from '../extract/helpers.ts';
import { FIXTURE_RULES, at, commit, registryOf, repoRecords } from '../helpers/records.ts';

const tmp = tempDir('orgs');
afterAll(() => tmp.cleanup());
const mailmap = join(tmp.dir, 'mailmap');
writeFileSync(mailmap, '<yan@nvidia.com> <yan@intel.com>\n<zoe@cs.stanford.edu> <zoe@gmail.com>\n');
const affiliations = join(tmp.dir, 'affiliations.yaml');
writeFileSync(
  affiliations,
  readFileSync(FIXTURE_RULES.affiliations, 'utf8').replace(
    'organisations:\n',
    'organisations:\n' +
      '  - { domain: deci.ai, organisation: NVIDIA, from: 2026-05-01 }\n' +
      '  - { domain: deci.ai, organisation: Deci, until: 2026-05-01 }\n' +
      '  - { domain: octo.ai, organisation: OctoAI, from: 2026-05-15 }\n',
  ),
);
const rules = loadIdentityRules({ ...FIXTURE_RULES, mailmap, affiliations });
const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
const q = parseQuarter('2026-Q2');

function metrics() {
  const records = repoRecords('o/a', [
    commit('Yan <yan@intel.com>', '2026-04-02T10:00:00Z', ['a']),
    commit('Yan <yan@nvidia.com>', '2026-04-03T10:00:00Z', ['a']),
    commit('Zoe <zoe@gmail.com>', '2026-04-06T10:00:00Z', ['a']),
    commit('Zoe <zoe@cs.stanford.edu>', '2026-04-07T10:00:00Z', ['a']),
    commit('Wil <wil@deci.ai>', '2026-04-30T12:00:00Z', ['a']),
    commit('Wil <wil@deci.ai>', '2026-05-01T00:00:00Z', ['a']),
    commit('Oli <oli@octo.ai>', '2026-05-14T23:59:59Z', ['a']),
    commit('Oli <oli@octo.ai>', '2026-05-15T00:00:00Z', ['a']),
  ]);
  const corpus = prepareCorpus([{ repo: 'o/a', category: 'gpu-kernels', records }], ['gpu-kernels'], new IdentityResolver(rules), workClassifier(loadWorkProfileRules()));
  const cov = coverageFor(q, reg, { dir: '/', repos: [{ repo: 'o/a', category: 'gpu-kernels', gitdir: '/a' }], missing: [] }, new Map([['o/a', at('2026-09-01T00:00:00Z')]]));
  return computeQuarterMetrics(corpus, reg, q, cov);
}

describe('organisations where a tie or a date decides', () => {
  it('an affiliation rule holds from its "from" date, whichever rule is listed first', () => {
    const r = new IdentityResolver(rules);
    expect(r.affiliation('wil@deci.ai', at('2026-04-30T23:59:59Z'))).toEqual({ name: 'Deci', kind: 'organisation' });
    expect(r.affiliation('wil@deci.ai', at('2026-05-01T00:00:00Z'))).toEqual({ name: 'NVIDIA', kind: 'organisation' });
    expect(r.affiliation('oli@ml.octo.ai', at('2026-05-14T23:59:59Z'))).toEqual({ name: 'Unknown domain', kind: 'unknown' });
    expect(r.affiliation('oli@ml.octo.ai', at('2026-05-15T00:00:00Z'))).toEqual({ name: 'OctoAI', kind: 'organisation' });
  });

  it('credits each commit to the organisation of its address at its author time, and each contributor by the tie rule', () => {
    const m = metrics();
    expect(m.corpus).toMatchObject({ commits: 8, contributors: 4 });
    // Each person has one commit at each of two organisations, a tie:
    // yan Intel (seen first) against NVIDIA: Intel, first by name;
    // zoe Personal email (seen first) against Stanford CS: a named organisation before a bucket;
    // wil Deci (seen first) against NVIDIA: Deci, first by name;
    // oli Unknown domain (seen first) against OctoAI: the named organisation.
    // Rows: contributors, then commits, then name.
    expect(m.affiliations.corpus!.map((o) => [o.name, o.kind, o.contributors, o.commits])).toEqual([
      ['Deci', 'organisation', 1, 1],
      ['Intel', 'organisation', 1, 1],
      ['OctoAI', 'organisation', 1, 1],
      ['Stanford CS', 'organisation', 1, 1],
      ['NVIDIA', 'organisation', 0, 2], // yan's 3 April and wil's 1 May commits
      ['Personal email', 'personal', 0, 1],
      ['Unknown domain', 'unknown', 0, 1],
    ]);
    // Named organisations: NVIDIA 2, Deci, Intel, OctoAI, Stanford CS 1 each, of 8: 2 + 1 = 3 (6 < 8), + 1 (8 >= 8): 3.
    expect(m.corpus.elephantFactor).toBe(3);
    expect(m.audit.commitShareByEmailKind).toEqual({ organisation: 75, academic: 0, personal: 12.5, noreply: 0, unknown: 12.5 });
  });
});

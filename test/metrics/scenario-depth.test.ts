/**
 * The issue 13 scope figures of the depth history (`test/helpers/scenario-depth.ts`),
 * each derived by hand below; `scenario-git.test.ts` checks that the same
 * history built as git repositories gives the same metrics with both backends.
 *
 * 2026-Q2 (Q), counted commits (all repos covered):
 *   o/d1 (gpu-kernels)  wes 10 (weeks 15..24, dee co-authors the first), vic 2 (weeks 15, 16)
 *   o/d2 (gpu-kernels)  xia, yan, uma, ray: one each
 *   o/d3 (llm-serving)  zed 2 (weeks 15, 19), kim 1
 * Corpus contributors: wes, dee, vic, xia, yan, uma, ray, zed, kim = 9.
 * 2026-Q1 (Q−1): yan (o/d1), sam (o/d3). 2025-Q4 (Q−2): ray (o/d2).
 * 2025-Q2 (Q−4): vic (o/d3). 2024-Q3 (Q−7): xia (o/d2). 2024-Q2 (Q−8): wes (o/d1).
 *
 * Every fixture is prepared inside the test that reads it (see docs/mutation.md).
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import type { PreparedCorpus } from '../../src/metrics/prepare.ts';
import { assertValid } from '../../src/core/data-file.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { AuthoredRegions, countAuthored, regionOfOffset, regionOfPerson } from '../../src/metrics/regions.ts';
import type { PersonInScope } from '../../src/metrics/aggregate.ts';
import { readFigure } from '../../src/editorial/figures.ts';
import { computeHighlights } from '../../src/editorial/highlights.ts';
import { figuresExport, figuresExportSchema } from '../../src/editorial/export.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { at, prepare } from '../helpers/records.ts';
import { DEPTH_AS_OF, DEPTH_REPOS, depthRegistry } from '../helpers/scenario-depth.ts';

const scan: CacheScan = { dir: '/cache', repos: depthRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const dates = new Map(depthRegistry.repos.map((r) => [r.repo, at(DEPTH_AS_OF)]));

/** The metrics of one quarter of the depth history. */
function depth(label: string, corpus: PreparedCorpus = prepare(depthRegistry, DEPTH_REPOS)) {
  const q = parseQuarter(label);
  const m = computeQuarterMetrics(corpus, depthRegistry, q, coverageFor(q, depthRegistry, scan, dates));
  assertValid(m, METRICS_SCHEMA, `${label}.json`);
  return m;
}

describe('regions: every author offset in exactly one bucket', () => {
  it('puts the boundaries where docs/methodology.md says', () => {
    // Americas −12:00..−02:00; Europe & Africa over −02:00, under +04:00, not +00:00; Asia-Pacific +04:00..+14:00; the rest UTC or unknown
    expect([-720, -300, -120].map(regionOfOffset)).toEqual([0, 0, 0]);
    expect([-119, -60, 60, 210, 239].map(regionOfOffset)).toEqual([1, 1, 1, 1, 1]);
    expect([240, 330, 540, 840].map(regionOfOffset)).toEqual([2, 2, 2, 2]);
    expect([0, -721, -780, 841, 1.5].map(regionOfOffset)).toEqual([3, 3, 3, 3, 3]);
  });
});

describe('a contributor\'s region', () => {
  const of = (commits: [number, number][]) => {
    const a = new AuthoredRegions();
    for (const [region, time] of commits) a.add(region as 0 | 1 | 2 | 3, time);
    return a.region();
  };
  it('is the bucket of most authored commits; a tie goes to the latest, then to bucket order', () => {
    expect(of([[2, 10], [1, 20], [2, 5]])).toBe(2); // two Asia-Pacific against one later Europe & Africa
    expect(of([[0, 10], [2, 30]])).toBe(2); // one each: the later wins
    expect(of([[3, 40], [0, 10]])).toBe(3); // UTC is a bucket like the others: the later wins
    expect(of([[2, 30], [1, 30]])).toBe(1); // same second: bucket order
    expect(of([[3, 30], [0, 30], [2, 30]])).toBe(0);
  });

  it('is counted without a table while a contributor stays in one bucket, and keeps those commits when a second appears', () => {
    const who: PersonInScope = { commits: 0, credited: 0, authored: 0, weeks: new Set(), orgAppearances: new Map(), region: -1, regionTime: -Infinity, regions: null };
    expect(regionOfPerson(who)).toBe(3); // no authored commit: UTC or unknown
    const author = (region: 0 | 1 | 2 | 3, time: number) => {
      who.authored++;
      countAuthored(who, region, time);
    };
    author(1, 10);
    author(1, 50);
    expect([who.regions, regionOfPerson(who)]).toEqual([null, 1]);
    author(2, 60);
    author(2, 70); // two Europe & Africa (latest 50) against two Asia-Pacific (latest 70): the later wins
    expect([who.regions!.n1, who.regions!.t1, who.regions!.n2, regionOfPerson(who)]).toEqual([2, 50, 2, 2]);
    author(1, 5); // a third Europe & Africa, however early
    expect(regionOfPerson(who)).toBe(1);
  });
});

describe('2026-Q2 of the depth history', () => {
  it('classifies engagement by distinct ISO weeks', () => {
    const m = depth('2026-Q2');
    // corpus: wes 10 weeks (full-time); vic 2, zed 2 (part-time); dee, xia, yan, uma, ray, kim 1 (one-time)
    expect(m.corpus.engaged10Weeks).toBe(1);
    expect(m.corpus.engagement).toEqual({ partTime: 2, oneTime: 6 });
    // gpu-kernels: wes full, vic part, dee xia yan uma ray one-time; llm-serving: zed part, kim one-time
    expect(m.categories['gpu-kernels']!.engagement).toEqual({ partTime: 1, oneTime: 5 });
    expect(m.categories['llm-serving']!.engagement).toEqual({ partTime: 1, oneTime: 1 });
    expect(m.repos['o/d2']!.engagement).toEqual({ partTime: 0, oneTime: 4 });
    // the three classes add up to the contributors in every scope
    for (const s of [m.corpus, ...Object.values(m.categories), ...Object.values(m.repos)]) {
      expect(s.engaged10Weeks + s.engagement!.partTime + s.engagement!.oneTime).toBe(s.contributors);
    }
  });

  it('classifies tenure by quarters since the first counted commit anywhere, 4 and 8 at the edges', () => {
    const m = depth('2026-Q2');
    // wes Q−8: 8 quarters, established; vic Q−4: 4, emerging; xia Q−7: 7, emerging;
    // ray Q−2, yan Q−1, dee uma zed kim Q: newcomers
    expect(m.corpus.tenure).toEqual({ newcomer: 6, emerging: 2, established: 1 });
    // gpu-kernels: wes established; vic (new to the category, but four quarters in the ecosystem) and xia emerging; dee yan uma ray newcomers
    expect(m.categories['gpu-kernels']!.tenure).toEqual({ newcomer: 4, emerging: 2, established: 1 });
    expect(m.categories['llm-serving']!.tenure).toEqual({ newcomer: 2, emerging: 0, established: 0 });
    expect(m.repos['o/d1']!.tenure).toEqual({ newcomer: 1, emerging: 1, established: 1 });
  });

  it('places each contributor in the region of most of their authored commits', () => {
    const m = depth('2026-Q2');
    // Americas vic (−02:00); Europe & Africa xia (−01:00), yan (+03:30), ray (+01:00);
    // Asia-Pacific wes (+04:00), zed (tie −05:00 / +09:00, the later is +09:00);
    // UTC or unknown uma (+00:00), kim (−13:00), dee (co-author only)
    expect(m.corpus.regions).toEqual({ americas: 1, europeAfrica: 3, asiaPacific: 2, utcOrUnknown: 3 });
    expect(m.categories['gpu-kernels']!.regions).toEqual({ americas: 1, europeAfrica: 3, asiaPacific: 1, utcOrUnknown: 2 });
    expect(m.categories['llm-serving']!.regions).toEqual({ americas: 0, europeAfrica: 0, asiaPacific: 1, utcOrUnknown: 1 });
    expect(m.repos['o/d1']!.regions).toEqual({ americas: 1, europeAfrica: 0, asiaPacific: 1, utcOrUnknown: 1 });
  });

  it('follows each cohort of new contributors one, two, four and eight quarters on, in each scope its own sense', () => {
    const m = depth('2026-Q2');
    // corpus: Q−1 yan, sam (yan back); Q−2 ray (back after a gap); Q−4 vic (back, in another category); Q−8 wes
    expect(m.corpus.retention).toEqual({
      q1: { cohort: 2, retained: 1 },
      q2: { cohort: 1, retained: 1 },
      q4: { cohort: 1, retained: 1 },
      q8: { cohort: 1, retained: 1 },
    });
    // gpu-kernels: Q−1 yan (o/d1), Q−2 ray, Q−4 none (vic's first commit was in llm-serving), Q−8 wes
    expect(m.categories['gpu-kernels']!.retention).toEqual({
      q1: { cohort: 1, retained: 1 },
      q2: { cohort: 1, retained: 1 },
      q4: { cohort: 0, retained: 0 },
      q8: { cohort: 1, retained: 1 },
    });
    // llm-serving: Q−1 sam (gone), Q−4 vic (active in Q, but not in llm-serving)
    expect(m.categories['llm-serving']!.retention).toEqual({
      q1: { cohort: 1, retained: 0 },
      q2: { cohort: 0, retained: 0 },
      q4: { cohort: 1, retained: 0 },
      q8: { cohort: 0, retained: 0 },
    });
    // o/d1: Q−1 yan (now in o/d2: not retained by the repo), Q−8 wes; o/d2: Q−2 ray
    expect(m.repos['o/d1']!.retention).toEqual({
      q1: { cohort: 1, retained: 0 },
      q2: { cohort: 0, retained: 0 },
      q4: { cohort: 0, retained: 0 },
      q8: { cohort: 1, retained: 1 },
    });
    expect(m.repos['o/d2']!.retention!.q2).toEqual({ cohort: 1, retained: 1 });
    expect(m.repos['o/d2']!.retention!.q1).toEqual({ cohort: 0, retained: 0 });
  });

  it('gives the previous quarter on the same repos', () => {
    const m = depth('2026-Q2');
    // 2026-Q1: yan (+03:30) and sam (+05:30), one week each, both first that quarter
    expect(m.corpus.previous.engaged10Weeks).toBe(0);
    expect(m.corpus.previous.engagement).toEqual({ partTime: 0, oneTime: 2 });
    expect(m.corpus.previous.tenure).toEqual({ newcomer: 2, emerging: 0, established: 0 });
    expect(m.corpus.previous.regions).toEqual({ americas: 0, europeAfrica: 1, asiaPacific: 1, utcOrUnknown: 0 });
    // retention in Q−1: the Q−2 cohort (ray) was away in Q−1; no cohorts in Q−3, Q−5, Q−9
    expect(m.corpus.previous.retention).toEqual({
      q1: { cohort: 1, retained: 0 },
      q2: { cohort: 0, retained: 0 },
      q4: { cohort: 0, retained: 0 },
      q8: { cohort: 0, retained: 0 },
    });
    // a cohort is the new contributors of its quarter on this quarter's repos
    expect(m.corpus.retention!.q1.cohort).toBe(m.corpus.previous.newContributors.ecosystem);
  });
});

describe('the issue 13 figures in the catalogue, on 2026-Q2 of the depth history', () => {
  it('reads counts, and shares rounded once from the counts', () => {
    const m = depth('2026-Q2');
    const read = (scope: string, key: string) => readFigure(m, scope, key);
    // corpus of 9: full-time 1 (11.1%), part-time 2 (22.2%), one-time 6 (66.7%)
    expect(['part-time-contributors', 'one-time-contributors'].map((k) => read('corpus', k))).toEqual([2, 6]);
    expect(['full-time-share', 'part-time-share', 'one-time-share'].map((k) => read('corpus', k))).toEqual([11.1, 22.2, 66.7]);
    // tenure 6 / 2 / 1 of 9
    expect(['newcomer-contributors', 'emerging-contributors', 'established-contributors'].map((k) => read('corpus', k))).toEqual([6, 2, 1]);
    expect(['newcomer-share', 'emerging-share', 'established-share'].map((k) => read('corpus', k))).toEqual([66.7, 22.2, 11.1]);
    // regions 1 / 3 / 2 / 3 of 9
    expect(['americas-contributors', 'europe-africa-contributors', 'asia-pacific-contributors', 'utc-unknown-contributors'].map((k) => read('corpus', k))).toEqual([1, 3, 2, 3]);
    expect(['americas-share', 'europe-africa-share', 'asia-pacific-share', 'utc-unknown-share'].map((k) => read('corpus', k))).toEqual([11.1, 33.3, 22.2, 33.3]);
    // retention: 1 of 2, 1 of 1, 1 of 1, 1 of 1; llm-serving's q2 cohort is empty: undefined, not 0
    expect(['retention-1q', 'retention-2q', 'retention-4q', 'retention-8q'].map((k) => read('corpus', k))).toEqual([50, 100, 100, 100]);
    expect(['cohort-1q', 'cohort-2q', 'cohort-4q', 'cohort-8q'].map((k) => read('corpus', k))).toEqual([2, 1, 1, 1]);
    expect(['retained-1q', 'retained-2q', 'retained-4q', 'retained-8q'].map((k) => read('corpus', k))).toEqual([1, 1, 1, 1]);
    expect(read('llm-serving', 'retention-2q')).toBeNull();
    expect(read('llm-serving', 'retention-4q')).toBe(0);
    // previous quarter (2026-Q1: yan, sam)
    expect(read('corpus', 'one-time-share-previous')).toBe(100);
    expect(read('corpus', 'asia-pacific-contributors-previous')).toBe(1);
  });

  it('carries them in the JSON download by their catalogue keys, valid against its schema', () => {
    const x = figuresExport(depth('2026-Q2'), 'https://site.test/') as { scopes: Record<string, Record<string, unknown>> };
    expect(x.scopes['corpus']).toMatchObject({ 'part-time-contributors': 2, 'established-share': 11.1, 'utc-unknown-share': 33.3, 'retention-1q': 50, 'cohort-8q': 1 });
    expect(x.scopes['o/d2']).toMatchObject({ 'retention-2q': 100, 'cohort-2q': 1, 'one-time-contributors': 4 });
    const validate = new Ajv2020({ strict: false }).compile(figuresExportSchema('https://site.test/'));
    expect(validate(x), JSON.stringify(validate.errors)).toBe(true);
  });

  it('derives every change from the unrounded values of both quarters', () => {
    const m = depth('2026-Q2');
    const read = (scope: string, key: string) => readFigure(m, scope, key);
    // counts: part-time 2 from 0 is new; one-time 6 from 2 is +200%; newcomers 6 from 2 +200%; established 1 from 0 new
    expect(read('corpus', 'part-time-contributors-qoq')).toBe('new');
    expect(read('corpus', 'one-time-contributors-qoq')).toBe(200);
    expect(read('corpus', 'established-contributors-qoq')).toBe('new');
    // shares: one-time 6/9 from 2/2: (6·2 − 2·9) / (2·9) = −33.3%; Europe & Africa 3/9 from 1/2: (3·2 − 1·9) / 9 = −33.3%
    expect(read('corpus', 'one-time-share-qoq')).toBe(-33.3);
    expect(read('corpus', 'europe-africa-share-qoq')).toBe(-33.3);
    // Asia-Pacific 2/9 from 1/2: (2·2 − 1·9) / 9 = −55.6%; a share from 0 (UTC 3/9 from 0/2) is new
    expect(read('corpus', 'asia-pacific-share-qoq')).toBe(-55.6);
    expect(read('corpus', 'utc-unknown-share-qoq')).toBe('new');
    // retention-1q 1/2 from 0/1: new; retention-2q 1/1 from an empty cohort (0/0): undefined
    expect(read('corpus', 'retention-1q-qoq')).toBe('new');
    expect(read('corpus', 'retention-2q-qoq')).toBeNull();
  });
});

describe('the highlights of the issue 13 figures, on 2026-Q2 of the depth history', () => {
  it('lists the largest category moves, leaving out new and undefined changes, with the UTC share beside a region', () => {
    const h = computeHighlights(depth('2026-Q2'), depthRegistry.categories);
    const moves = h.depth.slice(1).map((x) => [x.scopes[0], /"([a-z0-9-]+)-qoq", "phrase"/.exec(x.text)![1]]);
    // gpu-kernels (7 now, yan alone in 2026-Q1): one-time 5/7 from 1/1 is −28.6%, newcomers 4/7 from 1/1 −42.9%,
    //   Europe & Africa 3/7 from 1/1 −57.1%; full-time, part-time, emerging, established, Americas, Asia-Pacific
    //   and retention-1q are new (from 0), retention-4q undefined (empty cohort): all left out.
    // llm-serving (zed, kim now, sam then): one-time 1/2 from 1/1 −50%, Asia-Pacific 1/2 from 1/1 −50%;
    //   newcomers 2/2 from 1/1 is 0 (no move), the rest new or undefined.
    expect(moves).toEqual([
      ['gpu-kernels', 'europe-africa-share'],
      ['llm-serving', 'one-time-share'],
      ['llm-serving', 'asia-pacific-share'],
      ['gpu-kernels', 'newcomer-share'],
      ['gpu-kernels', 'one-time-share'],
    ]);
    expect(h.depth[1]!.text).toContain('(UTC or unknown {% metric "gpu-kernels", "utc-unknown-share" %}, {% metric "gpu-kernels", "utc-unknown-share-previous" %} last quarter)');
    expect(h.depth[2]!.text).not.toContain('utc-unknown');
    // the corpus mix first, and each category's mix among its notes
    expect(h.depth[0]!.scopes).toEqual(['corpus']);
    expect(h.depth[0]!.text).toContain('UTC or unknown {% metric "corpus", "utc-unknown-share" %}');
    expect(h.byCategory['llm-serving']!.filter((x) => x.kind === 'depth')).toHaveLength(3);
  });
});

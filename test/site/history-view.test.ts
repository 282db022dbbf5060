/**
 * The view models of the category and project pages (src/site/history-view.ts):
 * on the committed editions (every quarter's figures as its edition froze
 * them, sections the editions lack left out with a note), and on fixture
 * editions that hold issue 13's new figures (engagement, tenure, regions,
 * retention, per-repo organisations), built here from three committed
 * editions with hand-chosen counts. Expected values are computed from the
 * edition JSON in the test and formatted independently of the site.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_CACHE_ENV } from '../../src/charts/cache.ts';
import { PATHS } from '../../src/core/config.ts';
import { ABSENT } from '../../src/editorial/catalogue.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import type { Change, QuarterMetrics } from '../../src/metrics/types.ts';
import { buildHistoryPages, cohortCells, readKey, type HistoryPages } from '../../src/site/history-view.ts';

const count = (n: number | null): string => (n === null ? '—' : n.toLocaleString('en-US'));
const percent = (p: number | null): string =>
  p === null ? '—' : p !== 0 && Math.abs(p) < 9.95 ? `${(Math.round(p * 10) / 10).toFixed(1)}%` : `${Math.round(p)}%`;
const change = (c: Change): string => {
  if (c === null) return '—';
  if (c === 'new') return 'new';
  const r = Math.sign(c) * Math.round(Math.abs(c));
  return r > 0 ? `+${count(r)}%` : r < 0 ? `-${count(-r)}%` : '0%';
};
const long = (q: string): string => `${q.slice(5)} ${q.slice(0, 4)}`;

const QUARTERS = ['2022-Q4', '2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'];
const committed = (): QuarterMetrics[] => QUARTERS.map((q) => readMetrics(join(PATHS.metricsDir, `${q}.json`)));

/** Issue 13's stored fields of a scope (and its `previous`). */
const NEW_SCOPE_FIELDS = ['engagement', 'tenure', 'regions', 'retention'];

/**
 * An edition as it was before `--extend` gave it issue 13's figures: no
 * engagement, tenure, regions or retention in any scope, no pools, no
 * per-repo organisations, no extension record.
 */
function withoutNewFigures(m: QuarterMetrics): QuarterMetrics {
  const scope = (s: object): object => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) if (!NEW_SCOPE_FIELDS.includes(k)) out[k] = k === 'previous' ? scope(v as object) : v;
    return out;
  };
  const map = (r: Readonly<Record<string, object>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, scope(v)]));
  const { pools: _pools, extended: _extended, ...rest } = m as QuarterMetrics & { pools?: unknown; extended?: unknown };
  const affiliations = Object.fromEntries(Object.entries(m.affiliations).filter(([k]) => !k.includes('/')));
  return { ...rest, corpus: scope(m.corpus), categories: map(m.categories), repos: map(m.repos), affiliations } as QuarterMetrics;
}

// Hand-chosen counts: each classification sums to the scope's contributors.
interface Fixture {
  readonly partTime: number;
  readonly tenure: readonly [number, number, number];
  readonly regions: readonly [number, number, number, number];
  readonly retention: Readonly<Record<'q1' | 'q2' | 'q4' | 'q8', readonly [number, number]>>;
}
const GPU: Readonly<Record<string, Fixture>> = {
  '2026-Q2': { partTime: 240, tenure: [300, 150, 148], regions: [250, 180, 120, 48], retention: { q1: [200, 70], q2: [180, 45], q4: [120, 30], q8: [0, 0] } },
  '2026-Q1': { partTime: 200, tenure: [250, 120, 105], regions: [200, 150, 90, 35], retention: { q1: [150, 60], q2: [0, 0], q4: [100, 20], q8: [60, 9] } },
};

function withNewFigures(m: QuarterMetrics): QuarterMetrics {
  const fx = GPU[m.quarter];
  if (!fx) return m;
  const x = structuredClone(m) as unknown as { categories: Record<string, Record<string, unknown>>; repos: Record<string, Record<string, unknown>>; affiliations: Record<string, unknown> };
  const g = x.categories['gpu-kernels']!;
  const n = g['contributors'] as number;
  const full = g['engaged10Weeks'] as number;
  g['engagement'] = { partTime: fx.partTime, oneTime: n - full - fx.partTime };
  g['tenure'] = { newcomer: fx.tenure[0], emerging: fx.tenure[1], established: fx.tenure[2] };
  g['regions'] = { americas: fx.regions[0], europeAfrica: fx.regions[1], asiaPacific: fx.regions[2], utcOrUnknown: fx.regions[3] };
  g['retention'] = Object.fromEntries(Object.entries(fx.retention).map(([k, [cohort, retained]]) => [k, { cohort, retained }]));
  if (m.quarter === '2026-Q2') {
    const ao = x.repos['pytorch/ao']!;
    const an = ao['contributors'] as number;
    ao['engagement'] = { partTime: 20, oneTime: an - (ao['engaged10Weeks'] as number) - 20 };
    ao['tenure'] = { newcomer: 30, emerging: 20, established: an - 50 };
    x.affiliations['pytorch/ao'] = [
      { name: 'Meta', kind: 'organisation', contributors: 40, commits: 120, previous: { contributors: 30, commits: 100 }, qoq: { contributors: 33.3, commits: 20 } },
      { name: 'Personal email', kind: 'personal', contributors: an - 40, commits: 57, previous: { contributors: 20, commits: 40 }, qoq: { contributors: -5, commits: 42.5 } },
    ];
  }
  return x as unknown as QuarterMetrics;
}

let cacheDir: string;
beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'dsq-chart-cache-'));
  process.env[CHART_CACHE_ENV] = cacheDir;
});
afterAll(() => {
  delete process.env[CHART_CACHE_ENV];
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('category and project pages on the committed editions', () => {
  let pages: HistoryPages;
  let editions: QuarterMetrics[];
  let older: HistoryPages;
  beforeAll(async () => {
    editions = committed();
    pages = await buildHistoryPages({ editions, issues: [], tracked: [] });
    older = await buildHistoryPages({ editions: editions.map(withoutNewFigures), issues: [], tracked: [] });
  });

  it('has a page per category of the latest edition and per repo covered in any edition', () => {
    const latest = editions.at(-1)!;
    expect(pages.categories.map((c) => c.slug)).toEqual(latest.setup.categories.map((c) => c.slug));
    const covered = [...new Set(editions.flatMap((m) => Object.keys(m.repos)))].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(pages.projects.map((p) => p.repo)).toEqual(covered);
    expect(pages.projects.map((p) => p.url)).toEqual(covered.map((r) => `/projects/${r}/`));
  });

  it('prints every frozen quarter of a category as its edition froze it, newest first', () => {
    const c = pages.categories.find((x) => x.slug === 'llm-serving')!;
    const col = (label: string): number => c.history.columns.findIndex((x) => x.label === label);
    expect(c.history.rows.map((r) => r.quarter)).toEqual([...QUARTERS].reverse());
    for (const row of c.history.rows) {
      const m = editions.find((e) => e.quarter === row.quarter)!.categories['llm-serving']!;
      expect(row.quarterLabel).toBe(long(row.quarter));
      expect(row.cells[col('Contributors')]!.value).toBe(count(m.contributors));
      expect(row.cells[col('Contribs QoQ')]!.value).toBe(change(m.qoq.contributors));
      expect(row.cells[col('New contributors')]!.value).toBe(count(m.newContributors.ecosystem));
      expect(row.cells[col('Churn')]!.value).toBe(percent(m.churnRate));
      expect(row.cells[col('Covered repos')]!.value).toBe(`${m.coveredRepos} of ${m.trackedRepos}`);
    }
    // the trend chart's data table: one row per quarter, oldest first, the five main figures
    expect(c.trend.table.columns.map((x) => x.label)).toEqual(['Quarter', 'Contributors', 'Commits', 'New contributors', 'Churn rate', 'Mean active weeks']);
    expect(c.trend.table.rows.map((r) => r[1])).toEqual(editions.map((m) => count(m.categories['llm-serving']!.contributors)));
    expect(c.trend.rendered.map((r) => r.variant)).toEqual(['wide', 'narrow']);
    for (const r of c.trend.rendered) expect(r.svg).toMatch(/^<svg[^>]*role="img"/);
  });

  it('draws the issue 13 sections from the extended editions, every quarter, classes summing to the contributors', () => {
    const c = pages.categories.find((x) => x.slug === 'gpu-kernels')!;
    expect(c.mixNote).toBeUndefined();
    expect(c.mixes.map((x) => x.id)).toEqual(['engagement', 'tenure', 'regions']);
    const [engagement, tenure, regions] = c.mixes as [typeof c.mixes[0], typeof c.mixes[0], typeof c.mixes[0]];
    const latest = editions.at(-1)!.categories['gpu-kernels']!;
    const n = latest.contributors;
    const cell = (k: number): string => `${count(k)} (${percent((k / n) * 100)})`;
    expect(engagement.chart.table.rows[0]).toEqual(['Q2 2026', cell(latest.engaged10Weeks), cell(latest.engagement!.partTime), cell(latest.engagement!.oneTime)]);
    expect(latest.engaged10Weeks + latest.engagement!.partTime + latest.engagement!.oneTime).toBe(n);
    expect(tenure.chart.table.rows[0]).toEqual(['Q2 2026', cell(latest.tenure!.established), cell(latest.tenure!.emerging), cell(latest.tenure!.newcomer)]);
    const r = latest.regions!;
    expect(regions.chart.table.rows[0]).toEqual(['Q2 2026', cell(r.americas), cell(r.europeAfrica), cell(r.asiaPacific), cell(r.utcOrUnknown)]);
    expect(engagement.chart.table.rows).toHaveLength(QUARTERS.length);
    // the cohort chart: the latest edition's one-quarter retention is the cell of the quarter before
    const q1 = latest.retention!.q1;
    const chart = c.retention.view!.chart;
    expect(chart.table.rows[0]![0]).toBe('Q1 2026');
    expect(chart.table.rows[0]![1]).toBe(`${percent((q1.retained / q1.cohort) * 100)} of ${count(q1.cohort)}`);
  });

  it('leaves out the sections editions frozen before the issue 13 figures lack, with a note', () => {
    const c = older.categories[0]!;
    expect(c.mixes).toEqual([]);
    expect(c.mixNote).toMatch(/not in these editions yet/);
    expect(c.retention.view).toBeUndefined();
    expect(c.retention.note).toMatch(/not in these editions yet/);
    // no column of the issue-13 figures
    expect(c.history.columns.map((x) => x.key)).not.toContain('part-time-contributors');
    const p = older.projects.find((x) => x.repo === 'pytorch/ao')!;
    expect(p.mix.view).toBeUndefined();
    expect(p.organisations.view).toBeUndefined();
  });

  it('lists the largest overlaps and flows of the latest edition, linking the other categories', () => {
    const latest = editions.at(-1)!;
    const c = pages.categories.find((x) => x.slug === 'gpu-kernels')!;
    const expected = latest.overlap
      .filter((o) => (o.a === 'gpu-kernels' || o.b === 'gpu-kernels') && o.contributors > 0)
      .sort((x, y) => y.contributors - x.contributors)
      .slice(0, 5);
    expect(c.overlaps.map((r) => r.cells[0]!.value)).toEqual(expected.map((o) => count(o.contributors)));
    expect(c.overlaps.map((r) => r.url)).toEqual(expected.map((o) => `/categories/${o.a === 'gpu-kernels' ? o.b : o.a}/`));
    const inflow = latest.flows.filter((f) => f.to === 'gpu-kernels' && f.contributors > 0).sort((x, y) => y.contributors - x.contributors).slice(0, 5);
    expect(c.flowsIn.map((r) => [r.slug, r.cells[0]!.value])).toEqual(inflow.map((f) => [f.from, count(f.contributors)]));
  });

  it('gives each project its coverage in every edition, with the reason for a gap', () => {
    const p = pages.projects.find((x) => x.repo === 'pytorch/ao')!;
    expect(p.coverage.map((r) => r.quarterLabel)).toEqual([...QUARTERS].reverse().map(long));
    for (const [i, m] of [...editions].reverse().entries()) {
      const e = m.coverage.repos.find((r) => r.repo === 'pytorch/ao');
      expect(p.coverage[i]!.status).toBe(e?.status ?? 'untracked');
    }
    const row = p.history.rows[0]!;
    const m = editions.at(-1)!.repos['pytorch/ao']!;
    const col = (label: string): number => p.history.columns.findIndex((x) => x.label === label);
    expect([row.cells[col('Contributors')]!.value, row.cells[col('New')]!.value, row.cells[col('AI-assisted share')]!.value]).toEqual([
      count(m.contributors),
      count(m.newContributors.repo),
      percent(m.aiAssistedShare),
    ]);
    // a repo that left the cache: its page ends with its last covered quarter and says why
    const gone = pages.projects.find((x) => !editions.at(-1)!.repos[x.repo]);
    if (gone) {
      const last = [...editions].reverse().find((e) => e.repos[gone.repo])!;
      expect(gone.history.rows[0]!.quarter).toBe(last.quarter);
      expect(gone.lede).toContain(`It is not in the Q2 2026 edition`);
      expect(gone.coverage[0]!.status).not.toBe('covered');
    }
  });

  it('reads a key the catalogue does not define as absent', () => {
    expect(readKey(editions[0]!, 'gpu-kernels', 'no-such-figure')).toBe(ABSENT);
    expect(readKey(editions[0]!, 'not/covered', 'contributors')).toBe(ABSENT);
  });
});

describe('category and project pages on editions holding the issue-13 figures', () => {
  let pages: HistoryPages;
  let editions: QuarterMetrics[];
  beforeAll(async () => {
    editions = committed().slice(-3).map((m) => withNewFigures(withoutNewFigures(m)));
    pages = await buildHistoryPages({ editions, issues: [], tracked: [] });
  });

  it('draws the engagement, tenure and region mix of the quarters that hold them', () => {
    const c = pages.categories.find((x) => x.slug === 'gpu-kernels')!;
    expect(c.mixNote).toBeUndefined();
    expect(c.mixes.map((x) => x.id)).toEqual(['engagement', 'tenure', 'regions']);
    const [engagement, tenure, regions] = c.mixes as [typeof c.mixes[0], typeof c.mixes[0], typeof c.mixes[0]];
    // 2025-Q4 lacks them: named in the note
    expect(engagement.missingNote).toBe('Not in the Q4 2025 edition (frozen before these figures existed).');
    const rowOf = (q: string): string[] => {
      const m = editions.find((e) => e.quarter === q)!.categories['gpu-kernels']!;
      const n = m.contributors;
      const fx = GPU[q]!;
      const cell = (k: number): string => `${count(k)} (${percent((k / n) * 100)})`;
      return [long(q), cell(m.engaged10Weeks), cell(fx.partTime), cell(n - m.engaged10Weeks - fx.partTime)];
    };
    expect(engagement.chart.table.columns.map((x) => x.label)).toEqual(['Quarter', 'Full-time', 'Part-time', 'One-time']);
    expect(engagement.chart.table.rows).toEqual([rowOf('2026-Q2'), rowOf('2026-Q1')]);
    const n = editions.at(-1)!.categories['gpu-kernels']!.contributors;
    // established first, then emerging, then newcomer
    expect(tenure.chart.table.rows[0]).toEqual(['Q2 2026', `148 (${percent(14800 / n)})`, `150 (${percent(15000 / n)})`, `300 (${percent(30000 / n)})`]);
    // the +00:00 bucket is always shown, and named in the takeaway
    expect(regions.chart.table.columns.map((x) => x.label)).toEqual(['Quarter', 'Americas', 'Europe & Africa', 'Asia-Pacific', 'UTC or unknown']);
    expect(regions.chart.table.rows[0]).toEqual(['Q2 2026', ...[250, 180, 120, 48].map((k) => `${count(k)} (${percent((k / n) * 100)})`)]);
    expect(regions.chart.takeaway).toBe(`In Q2 2026: Americas ${percent(25000 / n)} (250) of contributors, the largest part; UTC or unknown ${percent(4800 / n)} (48).`);
    // a category without the figures keeps its note
    expect(pages.categories.find((x) => x.slug === 'llm-serving')!.mixNote).toMatch(/not in these editions yet/);
  });

  it('builds the cohort chart with cell (E, k) from the edition of quarter E + k', () => {
    expect(cohortCells(editions, 'gpu-kernels')).toEqual([
      { entry: '2024-Q1', lag: 8, retention: 15, cohort: 60 },
      { entry: '2024-Q2', lag: 8, retention: null, cohort: 0 },
      { entry: '2025-Q1', lag: 4, retention: 20, cohort: 100 },
      { entry: '2025-Q2', lag: 4, retention: 25, cohort: 120 },
      { entry: '2025-Q3', lag: 2, retention: null, cohort: 0 },
      { entry: '2025-Q4', lag: 1, retention: 40, cohort: 150 },
      { entry: '2025-Q4', lag: 2, retention: 25, cohort: 180 },
      { entry: '2026-Q1', lag: 1, retention: 35, cohort: 200 },
    ]);
    const c = pages.categories.find((x) => x.slug === 'gpu-kernels')!;
    const chart = c.retention.view!.chart;
    expect(chart.table.columns.map((x) => x.label)).toEqual(['Entered', '1 quarter later', '2 quarters later', '4 quarters later', '8 quarters later']);
    expect(chart.table.rows[0]).toEqual(['Q1 2026', '35% of 200', '—', '—', '—']);
    expect(chart.table.rows[1]).toEqual(['Q4 2025', '40% of 150', '25% of 180', '—', '—']);
    expect(chart.table.rows.at(-1)).toEqual(['Q1 2024', '—', '—', '—', '15% of 60']);
    expect(chart.rendered[0]!.svg).toMatch(/^<svg/);
    expect(chart.problems).toEqual([]);
  });

  it('shows a project’s engagement and tenure mix and its organisations when the edition holds them', () => {
    const p = pages.projects.find((x) => x.repo === 'pytorch/ao')!;
    const m = editions.at(-1)!.repos['pytorch/ao']!;
    const n = m.contributors;
    const cell = (k: number): string => `${count(k)} (${percent((k / n) * 100)})`;
    expect(p.mix.view!.columns.map((x) => x.label)).toEqual(['Quarter', 'Full-time', 'Part-time', 'One-time', 'Established', 'Emerging', 'Newcomer']);
    expect(p.mix.view!.rows).toEqual([['Q2 2026', cell(m.engaged10Weeks), cell(20), cell(n - m.engaged10Weeks - 20), cell(n - 50), cell(20), cell(30)]]);
    expect(p.organisations.view!.quarterLabel).toBe('Q2 2026');
    expect(p.organisations.view!.rows.map((r) => [r.name, ...r.cells.map((x) => x.value)])).toEqual([
      ['Meta', '40', '120', '+33%'],
      ['Personal email', count(n - 40), '57', '-5%'],
    ]);
  });

  it('draws every chart without a clipped or overlapping label', () => {
    const problems = [...pages.categories, ...pages.projects].flatMap((p) => p.charts.flatMap((c) => c.problems));
    expect(problems).toEqual([]);
  });
});

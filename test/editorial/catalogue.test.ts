/**
 * The figure catalogue: its entries are whole (every anchor is a heading of
 * the methodology, every link between figures resolves, every built-in entry
 * has an `@example`), the one formatter's presets, the shortcodes it writes,
 * `npm run figures` on a hand-built quarter, and what every consumer does
 * with a figure an edition does not hold.
 *
 * The hand-built quarter (2026-Q2, two categories, one repo each):
 *   o/a (gpu-kernels): A in Feb (Q1); A (2 files) and B in May (Q2)
 *   o/b (llm-serving): A in May (Q2)
 * so gpu-kernels has 2 commits from 2 contributors (1 and 1 in Q1: +100%
 * both), churn 0% (A stayed); llm-serving 1 commit, 1 contributor, `new`,
 * churn undefined; A is in both categories (overlap 1, 0 in Q1: `new`) and
 * moved nowhere (still in gpu-kernels: both flows 0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { assertValid } from '../../src/core/data-file.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { snapshotTable } from '../../src/charts/snapshot.ts';
import {
  ABSENT,
  addScopeFigure,
  figureOf,
  organisationFigures,
  poolFigures,
  pairFigures,
  printFigure,
  scopeDef,
  scopeFigures,
  shortcodeFor,
  shownIn,
  storedFigureKey,
  storedFigureName,
  TOP_PROJECT_COPIES,
} from '../../src/editorial/catalogue.ts';
import { editionCategories } from '../../src/editorial/edition.ts';
import { figuresExport, figuresExportSchema } from '../../src/editorial/export.ts';
import { catalogueTable, figuresReport } from '../../src/editorial/figures-report.ts';
import { readFigure, resolveFigure } from '../../src/editorial/figures.ts';
import { formatValue } from '../../src/editorial/format.ts';
import { computeHighlights } from '../../src/editorial/highlights.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { coverageFor } from '../../src/registry/cache.ts';
import { createMarkdown } from '../../src/site/markdown.ts';
import { categoryStats, snapshotCsv, snapshotCsvColumns } from '../../src/site/issue-view.ts';
import { at, commit, prepare, registryOf, repoRecords } from '../helpers/records.ts';

const reg = registryOf(['gpu-kernels', 'llm-serving'], { 'o/a': 'gpu-kernels', 'o/b': 'llm-serving' });
const corpus = prepare(reg, [
  repoRecords('o/a', [
    commit('A <a@nvidia.com>', '2026-02-10T00:00:00Z', ['src/x.cu']),
    commit('A <a@nvidia.com>', '2026-05-10T00:00:00Z', ['src/x.cu', 'tests/test_x.py']),
    commit('B <b@amd.com>', '2026-05-11T00:00:00Z', ['src/y.cu']),
  ]),
  repoRecords('o/b', [commit('A <a@nvidia.com>', '2026-05-12T00:00:00Z', ['docs/z.md'])]),
]);
const q = parseQuarter('2026-Q2');
const scan = { dir: '/', repos: reg.repos.map((r) => ({ ...r, gitdir: '/x' })), missing: [] };
const small = computeQuarterMetrics(corpus, reg, q, coverageFor(q, reg, scan, new Map([['o/a', at('2026-09-01T00:00:00Z')], ['o/b', at('2026-09-01T00:00:00Z')]])));
const Q2: QuarterMetrics = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));

/** Heading ids of the methodology as the site renders it (the site's own slugger). */
function methodologyIds(): Set<string> {
  const text = readFileSync(join(PROJECT_ROOT, 'docs/methodology.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '');
  const html = createMarkdown().render(text);
  return new Set([...html.matchAll(/<h[1-6][^>]* id="([^"]+)"/g)].map((m) => m[1]!));
}

describe('the catalogue', () => {
  const all = [...scopeFigures(), ...pairFigures(), ...organisationFigures(), ...poolFigures()];

  it('anchors every figure at a heading of the methodology', () => {
    const ids = methodologyIds();
    expect(ids.size).toBeGreaterThan(5);
    for (const d of all) expect(ids, `${d.family} ${d.key} -> #${d.methodology}`).toContain(d.methodology);
  });

  it('gives every figure one kebab-case key per family, and its links resolve', () => {
    for (const family of [scopeFigures(), pairFigures(), organisationFigures(), poolFigures()]) {
      const keys = family.map((d) => d.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of keys) expect(k).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
    for (const d of scopeFigures()) {
      for (const ref of [d.change, d.previous, d.outOf]) if (ref) expect(figureOf('scope', ref), `${d.key} -> ${ref}`).toBeDefined();
      if (d.change) expect(scopeDef(d.change).unit).toBe('change');
      expect(d.label.length).toBeGreaterThan(2);
      expect(d.noun.many.length).toBeGreaterThan(2);
    }
    // 22 base figures, 8 changes, 22 previous-quarter twins, 2 coverage counts;
    // issue 13: 31 base figures, 23 changes (all but the cohort and retained counts), 31 previous-quarter twins
    expect(scopeFigures()).toHaveLength(54 + 31 + 23 + 31);
    expect(pairFigures().map((d) => d.key)).toEqual(['overlap', 'overlap-previous', 'overlap-qoq', 'flow']);
    expect(poolFigures().map((d) => d.key)).toEqual(['pool', 'pool-established', 'pool-previous', 'pool-qoq']);
  });

  it('documents every built-in entry with an @example', () => {
    const source = readFileSync(join(PROJECT_ROOT, 'src/editorial/catalogue.ts'), 'utf8');
    const documented = new Set([...source.matchAll(/@example(?:(?!\*\/)[\s\S])*\*\/\s*'?([a-z0-9-]+)'?: \{/g)].map((m) => m[1]!));
    for (const d of all) {
      if (d.key.endsWith('-previous') && d.family === 'scope' && !documented.has(d.key)) continue; // derived from its base entry
      // an issue 13 change is derived from its documented base entry, whose `change` it is
      if (d.family === 'scope' && d.key.endsWith('-qoq') && !documented.has(d.key) && figureOf('scope', d.key.slice(0, -4))?.change === d.key) {
        expect(documented, d.key).toContain(d.key.slice(0, -4));
        continue;
      }
      expect(documented, d.key).toContain(d.key);
    }
  });

  it('shows the snapshot, stat-line and Project Map figures in their order', () => {
    expect(shownIn('snapshot').map((d) => d.key)).toEqual([
      'commits',
      'contributors',
      'active-repos',
      'commits-qoq',
      'contributors-qoq',
      'new-contributors',
      'churn-rate',
      'mean-active-weeks',
      'file-churn-qoq',
    ]);
    expect(shownIn('statLine').map((d) => d.key)).toEqual([
      'contributors',
      'commits',
      'new-contributors',
      'churn-rate',
      'mean-active-weeks',
      'covered-repos',
    ]);
    expect(shownIn('projectMap').map((d) => d.key)).toEqual(['contributors', 'new-to-repo', 'commits', 'contributors-qoq']);
  });

  it('refuses a key that is taken or not kebab-case', () => {
    const base = { label: 'X', noun: 'x', unit: 'count' as const, methodology: 'figures', description: 'x', read: () => 1 };
    expect(() => addScopeFigure({ ...base, key: 'commits' })).toThrow('figure "commits" is already in the scope catalogue');
    expect(() => addScopeFigure({ ...base, key: 'Commits_2' })).toThrow('figure key "Commits_2" is not kebab-case');
  });
});

describe('one formatter with named presets', () => {
  it('prints each preset', () => {
    expect(formatValue(1489, 'count')).toBe('1,489');
    expect(formatValue(54.7, 'percent')).toBe('55%');
    expect(formatValue(9.44, 'percent')).toBe('9.4%');
    expect(formatValue(8.46, 'weeks')).toBe('8.5');
    expect(formatValue(0.4167, 'ratio')).toBe('0.42');
    expect(formatValue(46.2, 'change')).toBe('+46%');
    expect(formatValue('new', 'change')).toBe('new');
    expect(formatValue(-12.4, 'phrase')).toBe('down 12%');
    expect(formatValue(null, 'phrase')).toBe('unchanged');
    expect(formatValue(46.25, 'raw')).toBe('46.25');
    expect(formatValue(null, 'raw')).toBe('');
    expect(formatValue(null, 'count')).toBe('—');
    expect(() => formatValue('new', 'count')).toThrow(/change from zero/);
  });
  it('prints a figure in its own format, or a style', () => {
    expect(printFigure(scopeDef('churn-rate'), 44.7)).toBe('45%');
    expect(printFigure(scopeDef('contributors-qoq'), 15.2, 'phrase')).toBe('up 15%');
    expect(() => printFigure(scopeDef('contributors'), 3, 'phrase')).toThrow(/"phrase" style is for changes/);
  });
});

describe('shortcodes written from the catalogue', () => {
  it('writes each family in the form editors use', () => {
    expect(shortcodeFor({ family: 'scope', scope: 'llm-serving', key: 'contributors' })).toBe('{% metric "llm-serving", "contributors" %}');
    expect(shortcodeFor({ family: 'scope', scope: 'corpus', key: 'commits-qoq' }, 'phrase')).toBe('{% metric "corpus", "commits-qoq", "phrase" %}');
    expect(shortcodeFor({ family: 'pair', a: 'a', b: 'b', key: 'overlap' })).toBe('{% overlap "a", "b" %}');
    expect(shortcodeFor({ family: 'pair', a: 'a', b: 'b', key: 'overlap-qoq' }, 'phrase')).toBe('{% overlap "a", "b", "overlap-qoq", "phrase" %}');
    expect(shortcodeFor({ family: 'pair', a: 'a', b: 'b', key: 'flow' })).toBe('{% flow "a", "b" %}');
    expect(shortcodeFor({ family: 'organisation', scope: 'gpu-kernels', organisation: 'AMD', key: 'contributors-qoq' }, 'phrase')).toBe(
      '{% org "gpu-kernels", "AMD", "contributors-qoq", "phrase" %}',
    );
  });
});

describe('npm run figures, on the hand-built quarter', () => {
  const byKey = (r: ReturnType<typeof figuresReport>) => new Map(r.lines.map((l) => [l.label, l]));

  it('lists every figure of a category with its printed value and shortcode', () => {
    const r = figuresReport(small, { scope: ['gpu-kernels'] });
    expect(r.title).toBe('gpu-kernels (gpu-kernels)'); // the test registry names each category by its slug
    const lines = byKey(r);
    expect(lines.get('Commits')).toEqual({ key: 'commits', label: 'Commits', prints: '2', value: 2, shortcode: '{% metric "gpu-kernels", "commits" %}' });
    expect(lines.get('Commits QoQ')).toMatchObject({ prints: '+100%', phrase: { prints: 'up 100%', shortcode: '{% metric "gpu-kernels", "commits-qoq", "phrase" %}' } });
    expect(lines.get('Contributors, previous quarter')).toMatchObject({ prints: '1', shortcode: '{% metric "gpu-kernels", "contributors-previous" %}' });
    expect(lines.get('Churn rate')).toMatchObject({ prints: '0%' }); // A, last quarter's only contributor, stayed
    expect(lines.get('Tests share')).toMatchObject({ prints: '33%' }); // 1 of 3 file changes
    expect(lines.get('Covered repos')).toMatchObject({ prints: '1' });
    expect(r.lines).toHaveLength(54 + 31 + 23 + 31);
    expect(r.absent).toEqual([]);
    expect(byKey(figuresReport(small, { scope: ['llm-serving'] })).get('Churn rate')).toMatchObject({ prints: '—', value: null });
  });

  it('lists a repo without the coverage counts, and a pair with both flows', () => {
    const repo = figuresReport(small, { scope: ['o/b'] });
    expect(repo.lines.map((l) => l.key)).not.toContain('covered-repos');
    expect(byKey(repo).get('Commits QoQ')).toMatchObject({ prints: 'new' });
    const pair = figuresReport(small, { scope: ['gpu-kernels+llm-serving'] });
    expect(pair.lines.map((l) => [l.label, l.prints, l.shortcode])).toEqual([
      ['Contributors in both', '1', '{% overlap "gpu-kernels", "llm-serving" %}'],
      ['Contributors in both, previous quarter', '0', '{% overlap "gpu-kernels", "llm-serving", "overlap-previous" %}'],
      ['Overlap QoQ', 'new', '{% overlap "gpu-kernels", "llm-serving", "overlap-qoq" %}'],
      ['Talent flow, gpu-kernels › llm-serving', '0', '{% flow "gpu-kernels", "llm-serving" %}'],
      ['Talent flow, llm-serving › gpu-kernels', '0', '{% flow "llm-serving", "gpu-kernels" %}'],
      // the pair's cross-domain pool: A, in both this quarter (first commit 2026-Q1: a newcomer, not established)
      ['Cross-domain pool', '1', '{% pool "gpu-kernels", "llm-serving" %}'],
      ['Pool, established', '0', '{% pool "gpu-kernels", "llm-serving", "pool-established" %}'],
      ['Pool, previous quarter', '0', '{% pool "gpu-kernels", "llm-serving", "pool-previous" %}'],
      ['Pool QoQ', 'new', '{% pool "gpu-kernels", "llm-serving", "pool-qoq" %}'],
    ]);
    expect(figuresReport(small, { scope: ['gpu-kernels', 'llm-serving'] }).lines).toEqual(pair.lines);
  });

  it("lists an organisation's figures, spelt as published", () => {
    const r = figuresReport(small, { scope: ['gpu-kernels'], organisation: 'amd' });
    expect(r.title).toBe('AMD in gpu-kernels (gpu-kernels)');
    expect(byKey(r).get('Contributors')).toMatchObject({ prints: '1', shortcode: '{% org "gpu-kernels", "AMD", "contributors" %}' });
    expect(byKey(r).get('Contributors QoQ')).toMatchObject({ prints: 'new' });
  });

  it('names the mistake in a scope', () => {
    expect(() => figuresReport(small, { scope: ['gpu-kernel'] })).toThrow('unknown category or scope "gpu-kernel" (did you mean "gpu-kernels"?)');
    expect(() => figuresReport(small, { scope: ['a', 'b', 'c', 'd'] })).toThrow('one scope, two categories for a pair or three for a pool, not 4');
    expect(() => figuresReport(small, { scope: ['a', 'b', 'c'] })).toThrow('unknown category "a"; a pool is two or three categories of 2026-Q2 (gpu-kernels, llm-serving), or: three-or-more');
  });
});

/** A copy of an edition frozen before `file-churn` and `churn-rate` existed: the fields are simply not there. */
function withoutFileChurnAndChurn(m: QuarterMetrics): QuarterMetrics {
  const copy = JSON.parse(JSON.stringify(m)) as QuarterMetrics & Record<string, unknown>;
  const strip = (s: Record<string, unknown>): void => {
    delete s['fileChurn'];
    delete s['churnRate'];
    for (const k of ['previous', 'qoq'] as const) {
      const x = s[k] as Record<string, unknown>;
      delete x['fileChurn'];
      delete x['churnRate'];
    }
  };
  strip(copy.corpus as unknown as Record<string, unknown>);
  for (const c of Object.values(copy.categories)) strip(c as unknown as Record<string, unknown>);
  for (const r of Object.values(copy.repos)) strip(r as unknown as Record<string, unknown>);
  return copy;
}

describe('a figure the edition does not hold', () => {
  const old = withoutFileChurnAndChurn(Q2);

  it('leaves the edition valid', () => {
    expect(() => assertValid(old, METRICS_SCHEMA, 'old.json')).not.toThrow();
  });

  it('reads as absent, and a shortcode citing it fails naming the edition', () => {
    expect(readFigure(old, 'llm-serving', 'file-churn')).toBe(ABSENT);
    expect(readFigure(old, 'llm-serving', 'file-churn-qoq')).toBe(ABSENT);
    expect(readFigure(old, 'pytorch/ao', 'churn-rate-previous')).toBe(ABSENT);
    expect(readFigure(old, 'llm-serving', 'commits')).toBe(Q2.categories['llm-serving']!.commits);
    expect(() => resolveFigure(old, 'llm-serving', 'churn-rate', { file: 'x.md', line: 3 })).toThrow('x.md:3: "churn-rate" is not in the 2026-Q2 edition');
  });

  it('is left out of the snapshot table, its CSV and the stat lines, not printed as 0', () => {
    expect(snapshotCsvColumns(old)).toEqual(['category', 'name', 'commits', 'contributors', 'active-repos', 'commits-qoq', 'contributors-qoq', 'new-contributors', 'mean-active-weeks']);
    const csv = snapshotCsv(old).trim().split('\n');
    expect(csv[1]!.split(',')).toHaveLength(9);
    const table = snapshotTable({ metrics: old, categories: editionCategories(old) });
    expect(table.columns.map((c) => c.label)).toEqual(['Category', 'Commits', 'Contributors', 'Active repos', 'Commits QoQ', 'Contribs QoQ', 'New contributors', 'Mean active weeks']);
    expect(table.rows[0]).toHaveLength(8);
    expect(categoryStats(old.categories['llm-serving']!).map((s) => s.label)).toEqual(['contributors', 'commits', 'new to the ecosystem', 'mean active weeks', 'repos covered']);
  });

  it('is left out of the JSON download, which stays valid, and out of npm run figures and the highlights', () => {
    const x = figuresExport(old, 'https://site.test/') as { scopes: Record<string, Record<string, unknown>> };
    expect(Object.keys(x.scopes['llm-serving']!)).not.toContain('file-churn');
    expect(x.scopes['llm-serving']!['commits']).toBe(Q2.categories['llm-serving']!.commits);
    const validate = new Ajv2020({ strict: false }).compile(figuresExportSchema('https://site.test/'));
    expect(validate(x), JSON.stringify(validate.errors)).toBe(true);
    const r = figuresReport(old, { scope: ['llm-serving'] });
    // the committed edition holds every figure (the issue 13 ones through --extend); this copy lacks two
    expect(figuresReport(Q2, { scope: ['llm-serving'] }).absent).toEqual([]);
    expect(figuresReport(Q2, { scope: ['llm-serving'] }).lines.map((l) => l.key)).toContain('part-time-contributors');
    expect(r.absent).toEqual(['churn-rate', 'file-churn', 'churn-qoq', 'file-churn-qoq', 'churn-rate-previous', 'file-churn-previous']);
    expect(r.lines.map((l) => l.key)).not.toContain('churn-rate');
    const h = computeHighlights(old, editionCategories(old));
    expect(h.churn).toEqual([]); // "Highest churn" notes cite churn-rate
    expect(computeHighlights(Q2, editionCategories(Q2)).churn).toHaveLength(2);
  });
});

describe('the editor\'s guide', () => {
  it('embeds the current catalogue table (npm run figures -- --catalogue)', () => {
    const guide = readFileSync(join(PROJECT_ROOT, 'src/editorial/README.md'), 'utf8');
    const m = /<!-- figures:begin[^>]*-->\n([\s\S]*?)<!-- figures:end -->/.exec(guide);
    expect(m, 'src/editorial/README.md has a figures:begin/end block').not.toBeNull();
    expect(m![1]).toBe(catalogueTable());
  });
});

describe('the figure a stored value is', () => {
  // The committed 2026-Q2 edition: every leaf of every scope, pair and organisation row.
  const m = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));
  const leaves = (x: unknown, path = ''): [string, unknown][] =>
    x !== null && typeof x === 'object' ? Object.entries(x).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k)) : [[path, x]];

  it('is the key whose reader returns that value, for every stored value of every scope', () => {
    const scopes: [string, 'corpus' | 'categories' | 'repos', object][] = [
      ['corpus', 'corpus', m.corpus],
      ...Object.entries(m.categories).map(([k, v]) => [k, 'categories', v] as [string, 'categories', object]),
      ...Object.entries(m.repos).map(([k, v]) => [k, 'repos', v] as [string, 'repos', object]),
    ];
    const reached = new Set<string>();
    for (const [scope, area, figures] of scopes) {
      const keys = new Map<string, string>();
      for (const [field, value] of leaves(figures)) {
        const key = storedFigureKey({ area, field });
        if (key === undefined) continue;
        // one stored value per key in a scope, and reading the key gives the stored value
        expect(keys.get(key), `${scope}: ${field} and ${keys.get(key)} both read as ${key}`).toBeUndefined();
        keys.set(key, field);
        expect(readFigure(m, scope, key), `${scope} ${key}`).toBe(value);
        reached.add(key);
      }
    }
    // every scope figure that is one stored value is reached; the others are derived from several
    const derived = ['new-share', 'tests-share', 'docs-share', 'ci-share', 'core-share'];
    // issue 13 figures: the committed edition was frozen before them (their stored values are named in the next test)
    const expected = scopeFigures()
      .map((d) => d.key)
      .filter((k) => !derived.includes(k.replace(/-previous$/, '')) && readFigure(m, 'corpus', k) !== ABSENT);
    // issue 13's shares, retention rates and every change of theirs are derived from the stored counts (never stored twice)
    const shares = ['full-time', 'part-time', 'one-time', 'newcomer', 'emerging', 'established', 'americas', 'europe-africa', 'asia-pacific', 'utc-unknown'].map((k) => `${k}-share`);
    const rates = [1, 2, 4, 8].map((k) => `retention-${k}q`);
    const counts = ['part-time', 'one-time', 'newcomer', 'emerging', 'established', 'americas', 'europe-africa', 'asia-pacific', 'utc-unknown'].map((k) => `${k}-contributors`);
    const derived13 = [...shares, ...rates, ...[...counts, ...shares, ...rates].map((k) => `${k}-qoq`), ...[...shares, ...rates].map((k) => `${k}-previous`)];
    expect(expected.filter((k) => !reached.has(k)).sort()).toEqual(derived13.sort());
    expect([...reached].filter((k) => !expected.includes(k))).toEqual([]);
    // a category stores its coverage counts too
    expect(storedFigureKey({ area: 'categories', field: 'coveredRepos' })).toBe('covered-repos');
    expect(storedFigureKey({ area: 'categories', field: 'trackedRepos' })).toBe('tracked-repos');
  });

  it('names the pair, organisation, masthead and top-project copies, and nothing that no figure reads alone', () => {
    expect(storedFigureKey({ area: 'overlap', field: 'contributors' })).toBe('overlap');
    expect(storedFigureKey({ area: 'overlap', field: 'previous' })).toBe('overlap-previous');
    expect(storedFigureKey({ area: 'overlap', field: 'qoq' })).toBe('overlap-qoq');
    expect(storedFigureKey({ area: 'flows', field: 'contributors' })).toBe('flow');
    expect(storedFigureKey({ area: 'flows', field: 'from' })).toBeUndefined();
    expect(storedFigureKey({ area: 'affiliations', field: 'qoq.contributors' })).toBe('contributors-qoq');
    expect(storedFigureKey({ area: 'affiliations', field: 'name' })).toBeUndefined();
    expect(storedFigureKey({ area: 'masthead', field: 'contributors' })).toBe('contributors');
    expect(storedFigureKey({ area: 'masthead', field: 'trackedRepos' })).toBe('tracked-repos');
    expect(storedFigureKey({ area: 'repos', field: 'workProfile.tests' })).toBeUndefined();
    expect(storedFigureKey({ area: 'audit', field: 'countedCommits' })).toBeUndefined();
    // a top-projects row copies its repo's figures
    for (const p of m.topProjects) {
      for (const [field, key] of Object.entries(TOP_PROJECT_COPIES)) expect(readFigure(m, p.repo, key), `${p.repo} ${field}`).toBe((p as unknown as Record<string, unknown>)[field]);
    }
    // the masthead copies the corpus
    for (const [field, value] of leaves(m.masthead)) expect(readFigure(m, 'corpus', storedFigureKey({ area: 'masthead', field })!)).toBe(value);
    // a value without a key is named as the download names it
    expect(storedFigureName({ area: 'audit', field: 'commitShareByEmailKind.noreply' })).toBe('commit-share-by-email-kind.noreply');
    expect(storedFigureName({ area: 'repos', field: 'previous.workProfile.testToCore' })).toBe('test-to-core-previous');
  });

  it('names the stored values of the issue 13 scope figures by their keys', () => {
    expect(storedFigureKey({ area: 'corpus', field: 'engagement.partTime' })).toBe('part-time-contributors');
    expect(storedFigureKey({ area: 'categories', field: 'tenure.established' })).toBe('established-contributors');
    expect(storedFigureKey({ area: 'repos', field: 'previous.regions.utcOrUnknown' })).toBe('utc-unknown-contributors-previous');
    expect(storedFigureKey({ area: 'corpus', field: 'retention.q4.cohort' })).toBe('cohort-4q');
    expect(storedFigureKey({ area: 'corpus', field: 'retention.q4.retained' })).toBe('retained-4q');
    expect(storedFigureName({ area: 'corpus', field: 'previous.retention.q8.retained' })).toBe('retained-8q-previous');
  });

  it('names a figure added to the catalogue without a second table', () => {
    addScopeFigure({ key: 'engaged-share-test', label: 'X', noun: 'x', unit: 'count', methodology: 'figures', description: 'x', read: (f) => (f.engaged10Weeks === undefined ? ABSENT : f.engaged10Weeks) });
    // the first reader of the value wins: engaged-10-weeks comes before a figure added later
    expect(storedFigureKey({ area: 'corpus', field: 'engaged10Weeks' })).toBe('engaged-10-weeks');
    addScopeFigure({ key: 'files-tested', label: 'Y', noun: 'y', unit: 'count', methodology: 'figures', description: 'y', read: (f) => (f.workProfile?.tests === undefined ? ABSENT : f.workProfile.tests) });
    expect(storedFigureKey({ area: 'repos', field: 'workProfile.tests' })).toBe('files-tested');
    expect(storedFigureKey({ area: 'repos', field: 'previous.workProfile.tests' })).toBe('files-tested-previous');
  });
});

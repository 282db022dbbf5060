/**
 * The Corrections note: for each erratum of an edition, the figures the
 * issue page prints that read differently after it, as printed, found by
 * printing the page's figures from the edition before and after. The edition
 * is the hand-derived scenario's 2026-Q2 (test/helpers/scenario.ts); the
 * errata are made by hand so every expected line is known.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { correctEdition } from '../../src/metrics/errata.ts';
import { storedFigureName } from '../../src/editorial/catalogue.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import type { IssueContent } from '../../src/editorial/content-model.ts';
import { correctionsView, errataCsv, ERRATA_CSV_COLUMNS } from '../../src/site/corrections-view.ts';
import { at, prepare } from '../helpers/records.ts';
import { a1, a2, b1, registry } from '../helpers/scenario.ts';

const corpus = prepare(registry, [a1, a2, b1]);
const q = parseQuarter('2026-Q2');
const scan: CacheScan = { dir: '/cache', repos: registry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const published = computeQuarterMetrics(corpus, registry, q, coverageFor(q, registry, scan, new Map(registry.repos.map((r) => [r.repo, at('2026-10-15T00:00:00Z')]))));
const categories = registry.categories;

// The issue's prose: the signal cites the corpus contributors, the talent section both flows.
const dir = mkdtempSync(join(tmpdir(), 'dsq-corrections-'));
const file = (name: string, body: string) => {
  writeFileSync(join(dir, name), body);
  return join(dir, name);
};
const issue = {
  files: {
    signal: file('signal.md', 'We counted {% metric "corpus", "contributors" %} people and {% metric "corpus", "commits" %} commits.\n'),
    talent: file('talent.md', '{% flow "gpu-kernels", "llm-serving" %} moved one way and {% flow "llm-serving", "gpu-kernels" %} the other.\n'),
    hiring: file('hiring.md', 'Hire {% metric "corpus", "contributors" %} people.\n'),
    index: file('index.md', '---\nquarter: 2026-Q2\n---\nThe end.\n'),
    predictions: join(dir, 'predictions.yaml'),
  },
  categories: categories.map((c) => ({ slug: c.slug, name: c.name, short: c.short, placement: 'moving', file: file(`${c.slug}.md`, 'Nothing cited.\n') })),
} as unknown as IssueContent;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Correction 1: one more contributor. Correction 2: the llm-serving → gpu-kernels flow was not one, and gpu-kernels → llm-serving is 3.
function corrected(m: QuarterMetrics, edit: (x: { corpus: { contributors: number }; masthead: { contributors: number }; flows: { from: string; to: string; contributors: number }[] }) => void): QuarterMetrics {
  const copy = structuredClone(m) as unknown as Parameters<typeof edit>[0];
  edit(copy);
  return copy as unknown as QuarterMetrics;
}
const first = correctEdition(published, corrected(published, (x) => ((x.corpus.contributors = 7), (x.masthead.contributors = 7))), { date: '2026-11-02', reason: 'One person was missed.', figureName: storedFigureName })!.corrected;
const second = correctEdition(
  first,
  corrected(first, (x) => {
    x.flows = [{ from: 'gpu-kernels', to: 'llm-serving', contributors: 3 }];
  }),
  { date: '2026-12-01', reason: 'Flows were counted wrong.', note: 'The talent paragraph was rewritten.', figureName: storedFigureName },
)!.corrected;

describe('the Corrections note', () => {
  it('is absent from an edition without errata', () => {
    expect(correctionsView({ issue, metrics: published, categories })).toBeUndefined();
  });

  const view = correctionsView({ issue, metrics: second, categories })!;

  it('lists the errata oldest first, dated, with the latest date in the notice', () => {
    expect(view.items.map((e) => [e.date, e.dateText, e.reason, e.note])).toEqual([
      ['2026-11-02', '2 November 2026', 'One person was missed.', undefined],
      ['2026-12-01', '1 December 2026', 'Flows were counted wrong.', 'The talent paragraph was rewritten.'],
    ]);
    expect(view.latestDate).toBe('2026-12-01');
    expect(view.notice).toBe('Corrected on 1 December 2026 (2 corrections).');
  });

  it('shows what the first erratum changed on the page, once per figure, with where it is printed', () => {
    const [e] = view.items;
    // masthead.contributors and corpus.contributors: 2 values.
    expect(e!.changedValues).toBe(2);
    expect(e!.printed).toEqual([
      // One figure, the corpus contributors, printed in the masthead, the edition line and the snapshot's
      // All categories row, and cited in two sections: listed once, named by the catalogue, with every place.
      { label: 'All categories: Contributors', where: 'Masthead, The Signal, Q-over-Q snapshot, What this means if you’re hiring', old: '6', new: '7', text: false },
    ]);
    expect(e!.summary).toBe('It changed 2 values of this edition, one of the figures printed on this page.');
  });

  it('shows a category\'s stat line and snapshot row as the page prints them, labelled by the catalogue', () => {
    // gpu-kernels in 2026-Q2: 5 contributors (+150%), churn rate 50%, 2 of 2 repos covered.
    const fixed = correctEdition(
      published,
      (() => {
        const copy = structuredClone(published) as unknown as { categories: Record<string, { churnRate: number; coveredRepos: number; qoq: { contributors: number } }> };
        const g = copy.categories['gpu-kernels']!;
        g.churnRate = 60;
        g.qoq.contributors = 125;
        g.coveredRepos = 1;
        return copy as unknown as QuarterMetrics;
      })(),
      { date: '2026-11-03', reason: 'A hand-made correction.', figureName: storedFigureName },
    )!.corrected;
    const [e] = correctionsView({ issue, metrics: fixed, categories })!.items;
    expect(e!.changedValues).toBe(3);
    expect(e!.printed.map((p) => [p.label, p.where, p.old, p.new])).toEqual([
      // the snapshot row and the stat line print the same two figures: once each, both places
      ['gpu-kernels: Contributors QoQ', 'Q-over-Q snapshot, gpu-kernels', '+150%', '+125%'],
      ['gpu-kernels: Churn rate', 'Q-over-Q snapshot, gpu-kernels', '50%', '60%'],
      // the snapshot chart's caption names the category that added contributors fastest, with its change
      [
        'Caption',
        'Commits and contributors, change on the previous quarter',
        'gpu-kernels grew commits fastest, +200%; llm-serving grew least, +100%. gpu-kernels added contributors fastest, +150%.',
        'gpu-kernels grew commits fastest, +200%; llm-serving grew least, +100%. gpu-kernels added contributors fastest, +125%.',
      ],
      // "2 of 2 repos covered" in the stat line only
      ['gpu-kernels: Covered repos', 'gpu-kernels', '2 of 2', '1 of 2'],
    ]);
    expect(errataCsv(fixed).trim().split('\n').slice(1).map((l) => l.split(',').slice(4, 6))).toEqual([
      ['gpu-kernels', 'churn-rate'],
      ['gpu-kernels', 'contributors-qoq'],
      ['gpu-kernels', 'covered-repos'],
    ]);
  });

  it('shows a flow that is no longer listed, and the chart caption that changed with it', () => {
    const [, e] = view.items;
    // flows[gpu-kernels→llm-serving].contributors 1 → 3; flows[llm-serving→gpu-kernels] from, to, contributors removed.
    expect(e!.changedValues).toBe(4);
    const rows = e!.printed.map((p) => [p.where, p.label, p.old, p.new]);
    expect(rows).toContainEqual(['Where talent is moving', 'gpu-kernels → llm-serving: Talent flow', '1', '3']);
    expect(rows).toContainEqual(['Where talent is moving', 'llm-serving → gpu-kernels: Talent flow', '1', '0']);
    const chart = e!.printed.filter((p) => p.label !== 'Caption' && p.where !== 'Where talent is moving');
    expect(chart.map((p) => [p.label, p.old, p.new])).toEqual([
      ['gpu-kernels → llm-serving: Contributors', '1', '3'],
      ['llm-serving → gpu-kernels: Contributors', '1', 'not listed'],
    ]);
    // and nothing the first erratum changed is shown again
    expect(e!.printed.some((p) => p.label === 'All categories: Contributors')).toBe(false);
  });

  it('publishes every changed value in the errata CSV', () => {
    // No field of these errata holds a comma or a quote, so each line splits on commas.
    const [head, ...lines] = errataCsv(second).trim().split('\n').map((l) => l.split(','));
    expect(head).toEqual([...ERRATA_CSV_COLUMNS]);
    const rows = lines.map((l) => Object.fromEntries(head!.map((h, i) => [h, l[i]!])) as Record<(typeof ERRATA_CSV_COLUMNS)[number], string>);
    expect(rows.map((r) => [r.erratum, r.date, r.scope, r.figure, r.path, r.old, r.new])).toEqual([
      ['1', '2026-11-02', 'masthead', 'contributors', 'masthead.contributors', '6', '7'],
      ['1', '2026-11-02', 'corpus', 'contributors', 'corpus.contributors', '6', '7'],
      ['2', '2026-12-01', 'gpu-kernels→llm-serving', 'flow', 'flows[gpu-kernels→llm-serving].contributors', '1', '3'],
      ['2', '2026-12-01', 'llm-serving→gpu-kernels', 'from', 'flows[llm-serving→gpu-kernels].from', 'llm-serving', ''],
      ['2', '2026-12-01', 'llm-serving→gpu-kernels', 'to', 'flows[llm-serving→gpu-kernels].to', 'gpu-kernels', ''],
      ['2', '2026-12-01', 'llm-serving→gpu-kernels', 'flow', 'flows[llm-serving→gpu-kernels].contributors', '1', ''],
    ]);
    expect(rows[3]!.reason).toBe('Flows were counted wrong.');
    expect(rows[3]!.note).toBe('The talent paragraph was rewritten.');
    expect(errataCsv(published)).toBe(`${ERRATA_CSV_COLUMNS.join(',')}\n`);
  });
});

/**
 * The JSON download of an issue (`/issues/<yyyy>-q<n>/metrics-<quarter>.json`):
 * every figure of its edition, built through the catalogue, so each figure
 * is named by its catalogue key — the name the shortcodes and the CSV use —
 * rather than by the edition's storage fields (`qoq.contributors`,
 * `contributorsQoq`). Its JSON Schema ({@link figuresExportSchema}) is built
 * from the catalogue too and published at the URL its `$schema` names
 * (`/data/figures.schema.json`). The frozen edition itself is published
 * unchanged at `/data/metrics/<quarter>.json`, next to its schema
 * `/data/metrics.schema.json` (which its relative `$schema` resolves to).
 *
 * Shape (version {@link FIGURES_EXPORT_VERSION}):
 * ```
 * { "$schema", "exportVersion": 1, "quarter", "previousQuarter", "period",
 *   "edition": { "url", "schemaVersion" },
 *   "categories": [{ "slug", "name", "short", "order" }],
 *   "figures": { "scope": { "<key>": { "label", "unit", "description", "methodology" } }, "pair": {…}, "organisation": {…}, "pool": {…} },
 *   "scopes": { "corpus": { "<key>": value, … }, "<category>": {…}, "<owner/name>": {…} },
 *   "pairs": [{ "a", "b", "overlap": …, "overlap-previous": …, "overlap-qoq": …, "flow": … }],
 *   "pools"?: { "pairs": [{ "categories": [a, b], "pool": …, "pool-established": …, "pool-previous": …, "pool-qoq": …, "trend": […] }],
 *               "triples": [{ "categories": [a, b, c], … }], "three-or-more": { "pool": …, …, "trend": […] } },
 *   "organisations": { "corpus": [{ "name", "kind", "<key>": value, … }], "<category>": […], "<owner/name>": […] },
 *   "top-projects": [{ "rank", "previous-rank", "repo", "category" }],
 *   "trend": { "quarters": […], "scopes": { "<scope>": { "commits": […], "contributors": […] } } },
 *   "coverage": { "tracked", "covered", "stale", "missing", "failed", "repos": [{ "repo", "category", "status", "as-of"?, "shallow"?, "head"?, "reason"? }] },
 *   "audit": { "counted-commits", … },
 *   "errata"?: [{ "date", "reason", "note"?, "changes": [{ "scope", "figure", "path", "old"?, "new"? }] }] }
 * ```
 * An erratum's change names its figure by catalogue key where one exists
 * (`churn-qoq`, `flow`, `organisations[AMD].contributors-qoq`), else as this
 * file names the field (`co-author-only-contributors`); its `path` is where
 * the value is in the frozen edition (`/data/metrics/<quarter>.json`), and
 * `old`/`new` are the stored values (absent when the edition did not have
 * the value before, or no longer has it after).
 * Values are the stored ones, in each figure's unit (not rounded for
 * print): counts; percent for shares, rates and changes; weeks; ratios. A
 * change from zero is `"new"`; an undefined value is `null`; a figure the
 * edition does not hold is left out (its key is absent), and so is `pools`
 * for an edition frozen before the cross-domain pools (their trend is
 * counts on the edition's covered repos, in the quarters of `trend.quarters`).
 *
 * @module
 */
import type { JsonSchema } from '../core/data-file.ts';
import { namedErrata } from '../metrics/errata.ts';
import { ERRATA_SCHEMA } from '../metrics/schema.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import { ABSENT, downloadName, organisationFigures, pairFigures, poolFigures, scopeFigures, storedFigureName, THREE_OR_MORE, type FigureDef, type FigureUnit } from './catalogue.ts';
import { editionCategories } from './edition.ts';
import { readPairFigure, readScope } from './figures.ts';

/** Version of the export's shape; raised when a field changes meaning or is removed (adding figures does not). */
export const FIGURES_EXPORT_VERSION = 1;

/** Where the export's schema and the raw editions are published, relative to the site's base URL. */
export const DATA_PATHS = {
  figuresSchema: 'data/figures.schema.json',
  metricsSchema: 'data/metrics.schema.json',
  edition: (quarter: string): string => `data/metrics/${quarter}.json`,
} as const;

/** A JSON value. */
type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/** An object with kebab-case keys (`nonMergeCommits` -> `non-merge-commits`), recursively. */
function kebabKeys(v: unknown): Json {
  if (Array.isArray(v)) return v.map(kebabKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [downloadName(k), kebabKeys(x)]));
  return v as Json;
}

function definition(d: FigureDef, siteUrl: string): Json {
  return { label: d.label, unit: d.unit, description: d.description, methodology: new URL(`methodology/#${d.methodology}`, siteUrl).href };
}

/**
 * The JSON download of an edition (shape in the module comment).
 *
 * @param metrics - the edition
 * @param siteUrl - the site's public base URL, ending with `/` (for `$schema` and links)
 * @returns a JSON-serialisable object
 *
 * @example
 * const x = figuresExport(readMetrics('data/metrics/2026-Q2.json'), 'https://deep-signal.example.com/');
 * x.scopes['llm-serving']['contributors-qoq'];   // the stored change, e.g. 15.2
 */
export function figuresExport(metrics: QuarterMetrics, siteUrl: string): { readonly [k: string]: Json } {
  const categories = editionCategories(metrics);
  const scopeNames = ['corpus', ...categories.map((c) => c.slug), ...Object.keys(metrics.repos)];
  const scopes = Object.fromEntries(
    scopeNames.map((name) => [name, Object.fromEntries(readScope(metrics, name).flatMap(({ def, reading }) => (reading === ABSENT ? [] : [[def.key, reading]])))]),
  );
  const pairs: Json[] = [];
  for (const a of categories) {
    for (const b of categories) {
      if (a.slug === b.slug) continue;
      const values = pairFigures().flatMap((d) => {
        const r = readPairFigure(metrics, a.slug, b.slug, d.key);
        return r === ABSENT ? [] : [[d.key, r] as const];
      });
      pairs.push({ a: a.slug, b: b.slug, ...Object.fromEntries(values) });
    }
  }
  const organisations = Object.fromEntries(
    Object.entries(metrics.affiliations).map(([scope, rows]) => [
      scope,
      rows.map((row) => ({
        name: row.name,
        kind: row.kind,
        ...Object.fromEntries(
          organisationFigures().flatMap((d) => {
            const r = d.read(row);
            return r === ABSENT ? [] : [[d.key, r] as const];
          }),
        ),
      })),
    ]),
  );
  // Cross-domain pools, by the pool family's keys (absent from editions frozen before them).
  const poolValues = (categories: readonly string[]): { [k: string]: Json } =>
    Object.fromEntries(
      poolFigures().flatMap((d) => {
        const r = d.read({ metrics, categories });
        return r === ABSENT ? [] : [[d.key, r] as const];
      }),
    );
  const pools = metrics.pools
    ? {
        pairs: metrics.pools.pairs.map((p) => ({ categories: [...p.categories], ...poolValues(p.categories), trend: [...p.trend] })),
        triples: metrics.pools.triples.map((p) => ({ categories: [...p.categories], ...poolValues(p.categories), trend: [...p.trend] })),
        [THREE_OR_MORE]: { ...poolValues([]), trend: [...metrics.pools.threeOrMore.trend] },
      }
    : undefined;
  // Errata name each changed figure as this file does (its catalogue key); `path` is where the value is in the frozen edition.
  const errata = namedErrata(metrics, storedFigureName);
  return {
    $schema: new URL(DATA_PATHS.figuresSchema, siteUrl).href,
    exportVersion: FIGURES_EXPORT_VERSION,
    quarter: metrics.quarter,
    previousQuarter: metrics.previousQuarter,
    period: { start: metrics.period.start, end: metrics.period.end },
    edition: { url: new URL(DATA_PATHS.edition(metrics.quarter), siteUrl).href, schemaVersion: metrics.schemaVersion },
    categories: categories.map((c) => ({ slug: c.slug, name: c.name, short: c.short, order: c.order })),
    figures: {
      scope: Object.fromEntries(scopeFigures().map((d) => [d.key, definition(d, siteUrl)])),
      pair: Object.fromEntries(pairFigures().map((d) => [d.key, definition(d, siteUrl)])),
      organisation: Object.fromEntries(organisationFigures().map((d) => [d.key, definition(d, siteUrl)])),
      pool: Object.fromEntries(poolFigures().map((d) => [d.key, definition(d, siteUrl)])),
    },
    scopes,
    pairs,
    ...(pools ? { pools } : {}),
    organisations,
    'top-projects': [...metrics.topProjects].sort((a, b) => a.rank - b.rank).map((p) => ({ rank: p.rank, 'previous-rank': p.previousRank, repo: p.repo, category: p.category })),
    trend: {
      quarters: [...metrics.trend.quarters],
      scopes: Object.fromEntries(Object.entries(metrics.trend.series).map(([s, v]) => [s, { commits: [...v.commits], contributors: [...v.contributors] }])),
    },
    coverage: kebabKeys(metrics.coverage),
    audit: kebabKeys(metrics.audit),
    ...(errata.length > 0 ? { errata: errata as unknown as Json } : {}),
  };
}

const VALUE: Readonly<Record<FigureUnit, JsonSchema>> = {
  count: { type: ['integer', 'null'], minimum: 0 },
  percent: { type: ['number', 'null'] },
  weeks: { type: ['number', 'null'], minimum: 0 },
  ratio: { type: ['number', 'null'] },
  change: { oneOf: [{ type: 'number' }, { const: 'new' }, { type: 'null' }] },
};

function valuesOf(defs: readonly FigureDef[], extra: Record<string, JsonSchema> = {}, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required,
    properties: { ...extra, ...Object.fromEntries(defs.map((d) => [d.key, { ...VALUE[d.unit], description: `${d.label}: ${d.description} (${d.unit})` }])) },
  };
}

/** A pool's eight-quarter trend: counts in the quarters of `trend.quarters`. */
const poolTrendSchema: JsonSchema = { type: 'array', items: { type: 'integer', minimum: 0 } };

const definitionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['label', 'unit', 'description', 'methodology'],
  properties: { label: { type: 'string' }, unit: { enum: ['count', 'percent', 'weeks', 'ratio', 'change'] }, description: { type: 'string' }, methodology: { type: 'string' } },
};

/**
 * The JSON Schema (draft 2020-12) of {@link figuresExport}, generated from
 * the catalogue: every figure key with the type of its unit. Published at
 * `/data/figures.schema.json`.
 *
 * @param siteUrl - the site's public base URL (for `$id`)
 */
export function figuresExportSchema(siteUrl: string): JsonSchema {
  const slug = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' };
  const quarter = { type: 'string', pattern: '^\\d{4}-Q[1-4]$' };
  const anyObject = { type: 'object' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: new URL(DATA_PATHS.figuresSchema, siteUrl).href,
    title: 'Deep Signal Quarterly: the figures of one issue, by catalogue key',
    description:
      'Aggregates only. Each figure is named by its catalogue key, as in the shortcodes and the CSV download; definitions at /methodology/. Values are stored values in each figure\'s unit; "new" is a change from zero; null is undefined; a key is left out when the edition does not hold the figure.',
    type: 'object',
    additionalProperties: false,
    required: ['$schema', 'exportVersion', 'quarter', 'previousQuarter', 'period', 'edition', 'categories', 'figures', 'scopes', 'pairs', 'organisations', 'top-projects', 'trend', 'coverage', 'audit'],
    properties: {
      $schema: { type: 'string' },
      exportVersion: { const: FIGURES_EXPORT_VERSION },
      quarter,
      previousQuarter: quarter,
      period: { type: 'object', required: ['start', 'end'], properties: { start: { type: 'string' }, end: { type: 'string' } } },
      edition: { type: 'object', required: ['url', 'schemaVersion'], properties: { url: { type: 'string' }, schemaVersion: { type: 'integer' } } },
      categories: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['slug', 'name', 'short', 'order'], properties: { slug, name: { type: 'string' }, short: { type: 'string' }, order: { type: 'integer' } } },
      },
      figures: {
        type: 'object',
        additionalProperties: false,
        required: ['scope', 'pair', 'organisation'],
        properties: Object.fromEntries((['scope', 'pair', 'organisation', 'pool'] as const).map((f) => [f, { type: 'object', additionalProperties: definitionSchema }])),
      },
      scopes: { type: 'object', additionalProperties: valuesOf(scopeFigures()) },
      pairs: { type: 'array', items: valuesOf(pairFigures(), { a: slug, b: slug }, ['a', 'b']) },
      pools: {
        type: 'object',
        additionalProperties: false,
        required: ['pairs', 'triples', THREE_OR_MORE],
        description: 'Cross-domain pools (absent for editions frozen before them): every pair of categories, the triples with a contributor in some trend quarter, and contributors in three or more categories.',
        properties: {
          pairs: { type: 'array', items: valuesOf(poolFigures(), { categories: { type: 'array', items: slug, minItems: 2, maxItems: 2 }, trend: poolTrendSchema }, ['categories', 'trend']) },
          triples: { type: 'array', items: valuesOf(poolFigures(), { categories: { type: 'array', items: slug, minItems: 3, maxItems: 3 }, trend: poolTrendSchema }, ['categories', 'trend']) },
          [THREE_OR_MORE]: valuesOf(poolFigures(), { trend: poolTrendSchema }, ['trend']),
        },
      },
      organisations: {
        type: 'object',
        additionalProperties: { type: 'array', items: valuesOf(organisationFigures(), { name: { type: 'string' }, kind: { enum: ['organisation', 'academic', 'personal', 'noreply', 'unknown'] } }, ['name', 'kind']) },
      },
      'top-projects': {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rank', 'previous-rank', 'repo', 'category'],
          properties: { rank: { type: 'integer', minimum: 1 }, 'previous-rank': { type: ['integer', 'null'], minimum: 1 }, repo: { type: 'string' }, category: slug },
        },
      },
      trend: {
        type: 'object',
        required: ['quarters', 'scopes'],
        properties: {
          quarters: { type: 'array', items: quarter },
          scopes: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['commits', 'contributors'],
              properties: { commits: { type: 'array', items: { type: 'integer', minimum: 0 } }, contributors: { type: 'array', items: { type: 'integer', minimum: 0 } } },
            },
          },
        },
      },
      coverage: anyObject,
      audit: anyObject,
      errata: ERRATA_SCHEMA,
    },
  };
}

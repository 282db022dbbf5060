/**
 * JSON Schema (draft 2020-12) of `data/metrics/<quarter>.json`, mirroring
 * `QuarterMetrics` in `types.ts`. The build validates every metrics file
 * against it; `data/metrics.schema.json` is this object, written by
 * `npm run metrics` and checked by a test to stay identical.
 *
 * @module
 */
import type { JsonSchema } from '../core/data-file.ts';
import { REPO_NAME_PATTERN } from '../registry/registry.ts';

const count = { type: 'integer', minimum: 0 } as const;
const pct = { type: ['number', 'null'] } as const;
const change = { oneOf: [{ type: 'number' }, { const: 'new' }, { type: 'null' }] } as const;
const slug = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' } as const;
/** The registry's `owner/name` rule, so an edition never names a repo the registry would refuse. */
const repo = { type: 'string', pattern: REPO_NAME_PATTERN } as const;
const quarter = { type: 'string', pattern: '^\\d{4}-Q[1-4]$' } as const;
const utc = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' } as const;
const oid = { type: 'string', pattern: '^[0-9a-f]{40}$' } as const;
const erratumValue = { type: ['number', 'string', 'boolean', 'null'] } as const;
const kind = { enum: ['organisation', 'academic', 'personal', 'noreply', 'unknown'] } as const;

function object(properties: Record<string, unknown>, extra: Partial<{ required: string[] }> = {}): JsonSchema {
  return { type: 'object', additionalProperties: false, required: extra.required ?? Object.keys(properties), properties };
}

/**
 * JSON Schema of an edition's `errata` list (`Erratum[]` in `types.ts`),
 * defined once: the frozen edition's schema and the JSON download's
 * (`src/editorial/export.ts`) both use it.
 */
export const ERRATA_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'Corrections since publication, oldest first (absent when there are none): per changed value its scope, figure (catalogue key where one exists), path in the frozen edition, old and new value.',
  items: object(
    {
      date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
      reason: { type: 'string', minLength: 1 },
      note: { type: 'string', minLength: 1 },
      changes: {
        type: 'array',
        minItems: 1,
        items: object(
          {
            scope: { type: 'string', minLength: 1 },
            figure: { type: 'string', minLength: 1, description: 'the catalogue key where one exists, else the field as the edition names it' },
            path: { type: 'string', minLength: 1, description: 'where the value is in the frozen edition' },
            old: erratumValue,
            new: erratumValue,
          },
          { required: ['scope', 'figure', 'path'] },
        ),
      },
    },
    { required: ['date', 'reason', 'changes'] },
  ),
};

const figures = {
  commits: count,
  contributors: count,
  activeRepos: count,
  newContributors: object({ ecosystem: count, category: count, repo: count }),
  inactiveContributors: count,
  churnRate: pct,
  meanActiveWeeks: pct,
  engaged10Weeks: count,
  occasionalContributors: count,
  fileChurn: count,
  workProfile: object({ tests: count, docs: count, ci: count, core: count, testToCore: pct }),
  contributorAbsenceFactor: { type: ['integer', 'null'], minimum: 1 },
  elephantFactor: { type: ['integer', 'null'], minimum: 1 },
  aiAssistedCommits: count,
  aiAssistedShare: pct,
  // Issue 13 scope figures (optional like every figure; see types.ts).
  ...scopeDepthFigures(),
};

/** Engagement, tenure, regions and retention (issue 13): counts only, shares are derived by the catalogue. */
function scopeDepthFigures(): Record<string, JsonSchema> {
  const cohort = object({ cohort: count, retained: count });
  return {
    engagement: object({ partTime: count, oneTime: count }),
    tenure: object({ newcomer: count, emerging: count, established: count }),
    regions: object({ americas: count, europeAfrica: count, asiaPacific: count, utcOrUnknown: count }),
    retention: object({ q1: cohort, q2: cohort, q4: cohort, q8: cohort }),
  };
}

const changes = object({
  commits: change,
  contributors: change,
  activeRepos: change,
  newContributors: change,
  churnRate: change,
  meanActiveWeeks: change,
  fileChurn: change,
  aiAssistedShare: change,
});

// Figures are optional: an edition frozen before a figure existed lacks it,
// and stays valid (readers treat a missing figure as absent, not as zero).
const optionalFigures = (extra: Record<string, unknown> = {}): JsonSchema => object({ ...figures, ...extra }, { required: Object.keys(extra) });
const scope = (extra: Record<string, unknown> = {}): JsonSchema =>
  optionalFigures({ previous: optionalFigures(), qoq: object(changes.properties as Record<string, unknown>, { required: [] }), ...extra });

// Cross-domain pools (issue 13, `pools.ts`).
const poolFigures = { contributors: count, established: count, previous: count, qoq: change, trend: { type: 'array', items: count, minItems: 1 } };
const poolList = (size: number): JsonSchema => ({
  type: 'array',
  items: object({ categories: { type: 'array', items: slug, minItems: size, maxItems: size }, ...poolFigures }),
});

/** The schema object. */
export const METRICS_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://deep-signal-quarterly.example/metrics.schema.json',
  title: 'Deep Signal Quarterly: metrics of one quarter',
  description: 'Aggregates only. Definitions: docs/methodology.md. Changes are relative percent against the previous quarter on the same repos; "new" from zero; null when undefined.',
  ...object({
    $schema: { type: 'string' },
    schemaVersion: { const: 2 },
    quarter,
    previousQuarter: quarter,
    period: object({ start: utc, end: utc }),
    setup: object({
      categories: {
        type: 'array',
        minItems: 1,
        items: object({ slug, name: { type: 'string', minLength: 1 }, short: { type: 'string', minLength: 1 }, order: { type: 'integer', minimum: 1 } }),
      },
    }),
    coverage: object({
      tracked: count,
      covered: count,
      stale: count,
      missing: count,
      failed: count,
      repos: {
        type: 'array',
        items: object(
          { repo, category: slug, status: { enum: ['covered', 'stale', 'missing', 'failed'] }, asOf: utc, reason: { type: 'string' }, shallow: { const: true }, head: oid },
          { required: ['repo', 'category', 'status'] },
        ),
      },
    }),
    masthead: object({ trackedRepos: count, coveredRepos: count, commits: count, contributors: count }),
    corpus: scope(),
    categories: {
      type: 'object',
      propertyNames: slug,
      additionalProperties: scope({ trackedRepos: count, coveredRepos: count }),
    },
    repos: {
      type: 'object',
      propertyNames: repo,
      additionalProperties: scope({ category: slug }),
    },
    topProjects: {
      type: 'array',
      maxItems: 15,
      items: object({
        repo,
        category: slug,
        rank: { type: 'integer', minimum: 1 },
        contributors: count,
        newContributors: count,
        commits: count,
        previousRank: { type: ['integer', 'null'], minimum: 1 },
        contributorsQoq: change,
      }),
    },
    overlap: { type: 'array', items: object({ a: slug, b: slug, contributors: count, previous: count, qoq: change }) },
    flows: { type: 'array', items: object({ from: slug, to: slug, contributors: { type: 'integer', minimum: 1 } }) },
    // Cross-domain pools (issue 13, `pools.ts`): optional, absent from editions frozen before them.
    pools: object({ pairs: poolList(2), triples: poolList(3), threeOrMore: object(poolFigures) }),
    affiliations: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: object({
          name: { type: 'string', minLength: 1 },
          kind,
          contributors: count,
          commits: count,
          previous: object({ contributors: count, commits: count }),
          qoq: object({ contributors: change, commits: change }),
        }),
      },
    },
    trend: object({
      quarters: { type: 'array', items: quarter, minItems: 1 },
      series: {
        type: 'object',
        additionalProperties: object({ commits: { type: 'array', items: count }, contributors: { type: 'array', items: count } }),
      },
    }),
    audit: object({
      malformedCommits: count,
      nonMergeCommits: count,
      mergeCommitsExcluded: count,
      botCommitsExcluded: count,
      botIdentities: count,
      countedCommits: count,
      agentAuthoredCommits: count,
      recordedIdentities: count,
      mergedByMailmap: count,
      mergedByNoreply: count,
      mergedByMachineName: count,
      placeholderIdentities: count,
      canonicalContributors: count,
      coAuthorOnlyContributors: count,
      commitShareByEmailKind: object({ organisation: pct, academic: pct, personal: pct, noreply: pct, unknown: pct }),
    }, {
      // `malformedCommits` is optional: present only when the quarter has any.
      required: ['nonMergeCommits', 'mergeCommitsExcluded', 'botCommitsExcluded', 'botIdentities', 'countedCommits', 'agentAuthoredCommits', 'recordedIdentities', 'mergedByMailmap', 'mergedByNoreply', 'mergedByMachineName', 'placeholderIdentities', 'canonicalContributors', 'coAuthorOnlyContributors', 'commitShareByEmailKind'],
    }),
    errata: ERRATA_SCHEMA,
    // `npm run metrics -- --extend` (issue 13, `extend.ts`): figures added to a frozen edition.
    extended: {
      type: 'array',
      items: object({
        date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        figures: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      }),
    },
  }, { required: ['schemaVersion', 'quarter', 'previousQuarter', 'period', 'setup', 'coverage', 'masthead', 'corpus', 'categories', 'repos', 'topProjects', 'overlap', 'flows', 'affiliations', 'trend', 'audit'] }),
};

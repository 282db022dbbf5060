/**
 * The catalogue on real builds (`scripts/build.ts` in a child process, into
 * `.cache/site-tests/`):
 * - a figure added in one place (test/fixtures/catalogue/extra-figure.ts,
 *   loaded with `node --import`) reaches the snapshot table, its CSV, the
 *   JSON download and its schema, a shortcode in prose, and `npm run figures`
 *   with no other edit;
 * - each issue is rendered and validated with its own edition's categories:
 *   a 2026-Q2 edition whose `ml-debugging` category became `ml-observability`
 *   (and whose LLM serving category has another name) is printed with those
 *   categories while data/categories.yaml and the 2026-Q1 issue keep the old
 *   ones.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import { loadCategories } from '../../src/registry/registry.ts';
import { copyContent, page, SCRATCH, text } from './helpers.ts';

const run = promisify(execFile);
const EXTRA = relative(PROJECT_ROOT, join(PROJECT_ROOT, 'test/fixtures/catalogue/extra-figure.ts'));

/** Runs a script with `node --import tsx [--import extra]`, returning its exit code and output. */
async function node(script: string, args: readonly string[], preload: readonly string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', ...preload.flatMap((p) => ['--import', `./${p}`]), script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DSQ_DEBUG: '', CI: '' },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

const Q2 = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));

describe('a figure added with one catalogue entry', () => {
  it('appears in the snapshot table and CSV, the JSON download, a shortcode and npm run figures', async () => {
    const content = copyContent('extra-figure');
    const prose = join(content, 'issues/2026-q2/llm-serving.md');
    writeFileSync(prose, `${readFileSync(prose, 'utf8').trimEnd()}\n\nOn average {% metric "llm-serving", "commits-per-contributor" %} commits each.\n`);
    const out = join(SCRATCH, 'extra-figure', '_site');
    const built = await node('scripts/build.ts', ['--no-compute', '--out', relative(PROJECT_ROOT, out), '--content', relative(PROJECT_ROOT, content)], [EXTRA]);
    expect(built.code, built.stderr).toBe(0);

    // llm-serving: 215 commits by 35 contributors = 6.142857..., printed as a ratio, 6.14
    const m = Q2.categories['llm-serving']!;
    expect([m.commits, m.contributors]).toEqual([215, 35]);
    const doc = page(out, '/issues/2026-q2/');
    const head = doc.querySelectorAll('table.snapshot-table thead th').map((x) => text(x));
    expect(head.at(-1)).toBe('Commits/contrib.');
    const row = doc.querySelectorAll('table.snapshot-table tbody tr').find((r) => text(r.querySelector('th .cat-long')) === 'LLM Serving & Inference')!;
    expect(row.querySelectorAll('td').map((x) => text(x)).at(-1)).toBe('6.14');
    expect(text(doc.querySelector('.table-hint'))).toBe('Swipe the table sideways for all 11 columns.');
    expect(text(doc.querySelector('#cat-llm-serving'))).toContain('On average 6.14 commits each.');
    // {% overlap "gpu-kernels", "distributed-training", "overlap-qoq", "phrase" %} honours its style (it printed "+67%" before)
    const o = Q2.overlap.find((p) => p.a === 'gpu-kernels' && p.b === 'distributed-training')!;
    expect(o.qoq).toBeCloseTo(66.7, 1);
    expect(text(doc.querySelector('#talent'))).toContain('30 contributors committed to both, up 67% on the quarter');

    const csv = readFileSync(join(out, 'issues/2026-q2/snapshot-2026-Q2.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(csv[0]!.at(-1)).toBe('commits-per-contributor');
    expect(csv.find((r) => r[0] === 'llm-serving')!.at(-1)).toBe(String(215 / 35));

    const x = JSON.parse(readFileSync(join(out, 'issues/2026-q2/metrics-2026-Q2.json'), 'utf8')) as { scopes: Record<string, Record<string, unknown>>; figures: { scope: Record<string, { label: string }> } };
    expect(x.scopes['llm-serving']!['commits-per-contributor']).toBe(215 / 35);
    expect(x.scopes['llm-serving']!['commits-per-contributor-previous']).toBe(m.previous.commits / m.previous.contributors);
    expect(x.figures.scope['commits-per-contributor']!.label).toBe('Commits per contributor');
    const schema = JSON.parse(readFileSync(join(out, 'data/figures.schema.json'), 'utf8')) as { properties: { scopes: { additionalProperties: { properties: Record<string, unknown> } } } };
    expect(Object.keys(schema.properties.scopes.additionalProperties.properties)).toContain('commits-per-contributor');
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(x), JSON.stringify(validate.errors)).toBe(true);

    const figures = await node('scripts/figures.ts', ['2026-Q2', 'llm-serving'], [EXTRA]);
    expect(figures.code, figures.stderr).toBe(0);
    expect(figures.stdout).toMatch(/^Commits per contributor +6\.14 +\{% metric "llm-serving", "commits-per-contributor" %\}$/m);
    // without the entry the figure does not exist anywhere
    const plain = await node('scripts/figures.ts', ['2026-Q2', 'llm-serving']);
    expect(plain.stdout).not.toContain('commits-per-contributor');
  }, 180_000);
});

/** A copy of the committed editions whose 2026-Q2 edition renamed one category's slug and another's name. */
function renamedEditions(name: string): string {
  const dir = join(SCRATCH, name, 'metrics');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const q of ['2026-Q1', '2026-Q2']) cpSync(join(PATHS.metricsDir, `${q}.json`), join(dir, `${q}.json`));
  const file = join(dir, '2026-Q2.json');
  const edition = JSON.parse(readFileSync(file, 'utf8').replaceAll('"ml-debugging"', '"ml-observability"')) as { setup: { categories: { slug: string; name: string; short: string }[] } };
  for (const c of edition.setup.categories) {
    if (c.slug === 'ml-observability') Object.assign(c, { name: 'ML Observability', short: 'Observability' });
    if (c.slug === 'llm-serving') c.name = 'Serving Large Models';
  }
  writeFileSync(file, `${JSON.stringify(edition, null, 2)}\n`);
  return dir;
}

describe('each edition with its own categories', () => {
  const registry = loadCategories(PATHS.categories);
  const debuggingName = registry.find((c) => c.slug === 'ml-debugging')!.name;

  it('renders, validates and links the 2026-Q2 issue with the categories its edition recorded', async () => {
    expect(registry.map((c) => c.slug)).toContain('ml-debugging'); // today's registry keeps the old category
    const content = copyContent('edition-categories'); // empties the scratch folder: before the editions
    const metrics = renamedEditions('edition-categories');
    const q2 = join(content, 'issues/2026-q2');
    renameSync(join(q2, 'ml-debugging.md'), join(q2, 'ml-observability.md'));
    for (const f of ['ml-observability.md', 'signal.md', 'talent.md', 'hiring.md', 'predictions.yaml']) {
      writeFileSync(join(q2, f), readFileSync(join(q2, f), 'utf8').replaceAll('"ml-debugging"', '"ml-observability"'));
    }
    const out = join(SCRATCH, 'edition-categories', '_site');
    const flags = ['--no-compute', '--out', relative(PROJECT_ROOT, out), '--content', relative(PROJECT_ROOT, content), '--metrics', relative(PROJECT_ROOT, metrics)];
    const built = await node('scripts/build.ts', flags);
    expect(built.code, built.stderr).toBe(0);

    const doc = page(out, '/issues/2026-q2/');
    const names = doc.querySelectorAll('table.snapshot-table tbody th .cat-long').map((x) => text(x));
    expect(names).toContain('ML Observability');
    expect(names).toContain('Serving Large Models');
    expect(names).not.toContain(debuggingName);
    expect(doc.getElementById('cat-ml-observability')).not.toBeNull();
    expect(doc.getElementById('cat-ml-debugging')).toBeNull();
    expect(text(doc.querySelector('#cat-ml-observability h3, #cat-ml-observability .quiet__title'))).toContain('ML Observability');
    expect(doc.querySelector('#fig-trend-ml-observability')).not.toBeNull();
    expect(text(doc.querySelector('#fig-overlap details'))).not.toContain(debuggingName);

    const csv = readFileSync(join(out, 'issues/2026-q2/snapshot-2026-Q2.csv'), 'utf8');
    expect(csv).toContain('\nml-observability,ML Observability,');
    expect(csv).not.toContain('ml-debugging');
    const coverage = page(out, '/issues/2026-q2/coverage/').querySelectorAll('section.repo-group h2').map((h) => text(h));
    expect(coverage.some((h) => h.startsWith('ML Observability '))).toBe(true);
    const x = JSON.parse(readFileSync(join(out, 'issues/2026-q2/metrics-2026-Q2.json'), 'utf8')) as { categories: { slug: string }[]; scopes: Record<string, unknown> };
    expect(x.categories.map((c) => c.slug)).toContain('ml-observability');
    expect(x.scopes['ml-observability']).toBeDefined();

    // the 2026-Q1 issue follows its own edition, which still has ml-debugging
    const q1 = page(out, '/issues/2026-q1/');
    expect(q1.getElementById('cat-ml-debugging')).not.toBeNull();
    expect(q1.querySelectorAll('table.snapshot-table tbody th .cat-long').map((x) => text(x))).toContain(debuggingName);
  }, 180_000);

  it("validates an issue's category files against its edition, not the registry", async () => {
    const content = copyContent('edition-categories-stale'); // still has ml-debugging.md for 2026-q2
    const metrics = renamedEditions('edition-categories-stale');
    const out = join(SCRATCH, 'edition-categories-stale', '_site');
    const built = await node('scripts/build.ts', ['--no-compute', '--out', relative(PROJECT_ROOT, out), '--content', relative(PROJECT_ROOT, content), '--metrics', relative(PROJECT_ROOT, metrics)]);
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/2026-q2: missing file: ml-observability\.md/);
  }, 180_000);
});

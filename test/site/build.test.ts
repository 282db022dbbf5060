/**
 * Builds the real site (content/ and the committed metrics) with
 * `scripts/build.ts` and checks what a reader gets: the 2026-Q2 issue page's
 * figures against the frozen metrics file, every chart as an accessible
 * figure, the coverage line and list, the downloads, the feed, and that no
 * email address is published.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../src/core/config.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import type { Change, QuarterMetrics } from '../../src/metrics/types.ts';
import { loadCategories, loadRegistry } from '../../src/registry/registry.ts';
import { build, listFiles, page, TEST_SITE_URL, text, type BuildRun } from './helpers.ts';
import { loadIssues } from '../../src/editorial/content-model.ts';

// Independent formatting of the expected figures (the site uses src/editorial/format.ts).
const count = (n: number): string => n.toLocaleString('en-US');
const change = (c: Change): string => {
  if (c === null) return '—';
  if (c === 'new') return 'new';
  const r = Math.sign(c) * Math.round(Math.abs(c));
  return r > 0 ? `+${count(r)}%` : r < 0 ? `-${count(-r)}%` : '0%';
};
const percent = (p: number | null): string =>
  p === null ? '—' : p !== 0 && Math.abs(p) < 9.95 ? `${(Math.round(p * 10) / 10).toFixed(1)}%` : `${Math.round(p)}%`;
const weeks = (w: number | null): string => (w === null ? '—' : (Math.round(w * 10) / 10).toFixed(1));

const categories = loadCategories(PATHS.categories);
const metrics: QuarterMetrics = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));
// What the content says, read with the editorial loader: the expectations follow the issues as written.
const published = loadIssues(PATHS.content, categories).filter((i) => i.meta.status === 'published');
const q2 = published.find((i) => i.slug === '2026-q2')!;
const longDate = (iso: string): string =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

let site: BuildRun;
beforeAll(async () => {
  site = await build('main');
  if (site.code !== 0) throw new Error(`build failed:\n${site.stderr}`);
});

describe('npm run build', () => {
  it('prints a one-line summary', () => {
    const lines = site.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const n = published.length;
    // 17 charts per issue, plus every chart figure on the category and project pages
    const historyCharts = listFiles(site.out)
      .filter((f) => /^(categories|projects)\/.+\/index\.html$/.test(f))
      .reduce((sum, f) => sum + (readFileSync(join(site.out, f), 'utf8').match(/<figure class="chart[ "]/g) ?? []).length, 0);
    expect(historyCharts).toBe(12 * 5 + listFiles(site.out).filter((f) => /^projects\/[^/]+\/[^/]+\/index\.html$/.test(f)).length);
    expect(lines[0]).toMatch(
      new RegExp(`^Built ${n} issues? \\(${published.map((i) => i.quarter.label).join(', ')}\\), \\d+ pages, ${17 * n + historyCharts} charts into .*_site/ in [\\d.]+ s`),
    );
  });

  it('writes the pages, downloads and assets', () => {
    const files = listFiles(site.out);
    for (const f of [
      'index.html',
      'feed.xml',
      'methodology/index.html',
      'projects/index.html',
      'issues/2026-q2/index.html',
      'issues/2026-q2/coverage/index.html',
      'issues/2026-q2/metrics-2026-Q2.json',
      'data/metrics/2026-Q2.json',
      'data/metrics.schema.json',
      'data/figures.schema.json',
      'issues/2026-q2/snapshot-2026-Q2.csv',
      'issues/2026-q2/charts.json',
      'assets/css/site.css',
      'assets/js/charts.js',
      'assets/js/vendor/vega.min.js',
      'assets/js/vendor/vega-lite.min.js',
      'assets/js/vendor/vega-embed.min.js',
      'assets/fonts/source-sans-3-latin-400-normal.woff2',
      'assets/fonts/source-serif-4-latin-400-normal.woff2',
    ]) {
      expect(files, f).toContain(f);
    }
    // the issue's source files are sections of one page, never pages of their own
    expect(files.filter((f) => f.startsWith('issues/2026-q2/') && f.endsWith('.html'))).toEqual(['issues/2026-q2/coverage/index.html', 'issues/2026-q2/index.html']);
  });
});

describe('the 2026-Q2 issue page', () => {
  const issue = () => page(site.out, '/issues/2026-q2/');

  it('prints the masthead totals of the metrics file', () => {
    const m = metrics.masthead;
    expect(text(issue().querySelector('.masthead__totals'))).toBe(`${count(m.trackedRepos)} tracked repos | ${count(m.commits)} commits | ${count(m.contributors)} contributors`);
    expect(text(issue().querySelector('.masthead__title'))).toBe(q2.meta.title);
    expect(text(issue().querySelector('.masthead__byline'))).toBe(`${longDate(q2.meta.publishDate)} · By ${q2.meta.editor}`);
  });

  it('states the coverage in one line and links to the coverage list', () => {
    const c = metrics.coverage;
    expect(c.covered + c.stale + c.missing + c.failed).toBe(c.tracked);
    const line = issue().querySelector('.coverage-line')!;
    expect(text(line)).toBe(
      `Figures cover ${c.covered} of ${c.tracked} tracked repositories; ${c.stale} cached copies end before the quarter closed and ${c.missing} are not in the cache yet. See which repositories.`,
    );
    expect(line.querySelector('a')!.getAttribute('href')).toBe('/issues/2026-q2/coverage/');
  });

  it('prints the edition line under The Signal', () => {
    const m = metrics.masthead;
    expect(text(issue().querySelector('#the-signal .edition-line'))).toBe(
      `This edition tracks ${count(m.contributors)} contributors across ${m.coveredRepos} repositories and ${count(m.commits)} commits.`,
    );
  });

  it('has 12 snapshot rows with the metrics figures, in category order', () => {
    const rows = issue().querySelectorAll('table.snapshot-table tbody tr');
    expect(rows).toHaveLength(12);
    rows.forEach((row, i) => {
      const c = categories[i]!;
      const m = metrics.categories[c.slug]!;
      const cells = [text(row.querySelector('th .cat-long')), ...row.querySelectorAll('td').map((x) => text(x))];
      expect(text(row.querySelector('th .cat-short'))).toBe(c.short);
      expect(cells).toEqual([
        c.name,
        count(m.commits),
        count(m.contributors),
        count(m.activeRepos),
        change(m.qoq.commits),
        change(m.qoq.contributors),
        count(m.newContributors.ecosystem),
        percent(m.churnRate),
        weeks(m.meanActiveWeeks),
        change(m.qoq.fileChurn),
      ]);
    });
    const head = issue().querySelectorAll('table.snapshot-table thead th').map((x) => text(x));
    expect(head).toEqual(['Category', 'Commits', 'Contributors', 'Active repos', 'Commits QoQ', 'Contribs QoQ', 'New contributors', 'Churn', 'Mean active weeks', 'File churn QoQ']);
    const foot = issue().querySelectorAll('table.snapshot-table tfoot th, table.snapshot-table tfoot td').map((x) => text(x));
    expect(foot.slice(0, 3)).toEqual(['All categories', count(metrics.corpus.commits), count(metrics.corpus.contributors)]);
  });

  it('renders every chart as an SVG in a figure with a caption, a description and a data table', () => {
    const figures = issue().querySelectorAll('figure.chart');
    const ids = figures.map((f) => f.getAttribute('data-chart'));
    const moving = q2.categories.filter((c) => c.placement === 'moving').map((c) => c.slug);
    const quiet = q2.categories.filter((c) => c.placement === 'quiet').map((c) => c.slug);
    expect(ids).toEqual([
      'snapshot-qoq',
      'top-projects',
      ...moving.map((s) => `trend-${s}`),
      ...quiet.map((s) => `trend-${s}`),
      'overlap',
      'flows',
      'affiliations',
    ]);
    for (const f of figures) {
      const id = f.getAttribute('data-chart');
      const svgs = f.querySelectorAll('svg');
      expect(svgs.length, id!).toBeGreaterThanOrEqual(1);
      for (const svg of svgs) {
        expect(svg.getAttribute('role')).toBe('img');
        expect(svg.getAttribute('aria-label')!.length).toBeGreaterThan(20);
        expect(Number(svg.getAttribute('width'))).toBeGreaterThan(200);
        expect(svg.querySelectorAll('text').length, id!).toBeGreaterThan(3);
        // every text is drawn in the self-hosted chart font
        expect(svg.getAttribute('font-family')).toBe("'Source Sans 3', sans-serif");
      }
      expect(text(f.querySelector('figcaption .chart__title')).length).toBeGreaterThan(5);
      expect(text(f.querySelector('figcaption .chart__takeaway'))).toMatch(/\d/);
      expect(text(f.querySelector('.chart__note')).length).toBeGreaterThan(20);
      const table = f.querySelector('details table');
      expect(table, id!).not.toBeNull();
      expect(table!.querySelectorAll('tbody tr').length).toBeGreaterThan(0);
    }
  });

  it('states chart takeaways computed from the data', () => {
    const byCommits = categories
      .map((c) => ({ c, v: metrics.categories[c.slug]!.qoq.commits }))
      .filter((x): x is { c: (typeof categories)[number]; v: number } => typeof x.v === 'number')
      .sort((a, b) => b.v - a.v);
    const top = byCommits[0]!;
    expect(text(issue().querySelector('#fig-snapshot-qoq .chart__takeaway'))).toContain(`${top.c.short} grew commits fastest, ${change(top.v)}`);
    const first = [...metrics.topProjects].sort((a, b) => a.rank - b.rank)[0]!;
    expect(text(issue().querySelector('#fig-top-projects .chart__takeaway'))).toContain(
      `${first.repo} had the most contributors, ${count(first.contributors)}, ${count(first.newContributors)} of them new to it`,
    );
    // the trend table of a category holds its eight quarters from metrics.trend
    const rows = issue().querySelectorAll('#fig-trend-llm-serving details tbody tr').map((r) => r.querySelectorAll('th, td').map((x) => text(x)));
    const s = metrics.trend.series['llm-serving']!;
    expect(rows).toHaveLength(8);
    expect(rows[7]).toEqual([`Q${metrics.quarter.slice(-1)} ${metrics.quarter.slice(0, 4)}`, count(s.contributors[7]!), count(s.commits[7]!)]);
  });

  it('places each category under What’s moving or Quiet corners as its file says, with a stat line', () => {
    const moving = issue().querySelectorAll('#whats-moving article.category').map((a) => a.getAttribute('id'));
    expect(moving).toEqual(q2.categories.filter((c) => c.placement === 'moving').map((c) => `cat-${c.slug}`));
    const quiet = issue().querySelectorAll('#quiet-corners .quiet').map((a) => a.getAttribute('id'));
    expect(quiet).toEqual(q2.categories.filter((c) => c.placement === 'quiet').map((c) => `cat-${c.slug}`));
    const m = metrics.categories['gpu-kernels']!;
    const stats = issue().querySelectorAll('#cat-gpu-kernels .stat-line li').map((x) => text(x));
    expect(stats[0]).toBe(`${count(m.contributors)} contributors ${m.qoq.contributors !== null && m.qoq.contributors !== 'new' && Math.round(m.qoq.contributors) > 0 ? '↑' : m.qoq.contributors !== null && m.qoq.contributors !== 'new' && Math.round(m.qoq.contributors) < 0 ? '↓' : ''}${change(m.qoq.contributors)}`);
    expect(stats[5]).toBe(`${m.coveredRepos} of ${m.trackedRepos} repos covered`);
    // the editor's prose is rendered with its figure shortcodes resolved: the first
    // `{% metric "gpu-kernels", "<count>" %}` of the file prints as the metrics say
    const source = readFileSync(join(q2.dir, 'gpu-kernels.md'), 'utf8');
    expect(source).toContain('{% metric "gpu-kernels", "new-to-category" %}');
    expect(text(issue().querySelector('#cat-gpu-kernels .prose'))).toContain(`${count(m.newContributors.category)} people writing their first`);
    expect(text(issue().querySelector('#cat-gpu-kernels .prose'))).not.toContain('{%');
  });

  it('lists the predictions with due quarter and whether a check grades them', () => {
    const items = issue().querySelectorAll('#predictions .prediction');
    expect(items).toHaveLength(q2.predictions.length);
    q2.predictions.forEach((p, i) => {
      const due = `Due Q${p.due.slice(-1)} ${p.due.slice(0, 4)}`;
      expect(text(items[i]!.querySelector('.prediction__meta'))).toBe(p.check ? `${due} · Checked against the metrics: ${p.check}` : `${due} · Editor’s call`);
    });
  });

  it('states the identity audit in its footer', () => {
    const a = metrics.audit;
    const s = a.commitShareByEmailKind;
    const footer = text(issue().querySelector('.issue-footer'));
    expect(footer).toContain(
      `Figures count ${count(a.countedCommits)} commits after excluding ${a.mergeCommitsExcluded} merge commits and ${a.botCommitsExcluded} commits by ${a.botIdentities} bot identities; ` +
        `${count(metrics.corpus.aiAssistedCommits)} commits (${percent(metrics.corpus.aiAssistedShare)}) carry a trace of an AI coding agent. ` +
        `${count(a.recordedIdentities)} recorded identities resolve to ${count(a.canonicalContributors)} contributors, and ${a.placeholderIdentities} placeholder accounts (such as root on a build machine) count as nobody. ` +
        `The organisation behind a commit's email is named for ${percent(s.organisation + s.academic)} of commits; ${percent(s.personal)} come from personal addresses, ${percent(s.noreply)} from GitHub noreply addresses and ${percent(s.unknown)} from unknown domains.`,
    );
  });

  it('links the methodology, the coverage list and the downloads from its footer', () => {
    const hrefs = issue().querySelectorAll('.issue-footer a').map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['/methodology/', '/issues/2026-q2/coverage/', '/issues/2026-q2/metrics-2026-Q2.json', '/issues/2026-q2/snapshot-2026-Q2.csv', '/data/metrics/2026-Q2.json']));
  });

  it('has a table of contents pointing at its sections', () => {
    const doc = issue();
    const targets = doc.querySelectorAll('.toc a').map((a) => a.getAttribute('href')!.slice(1));
    // nine sections, and Corrections when the edition has errata
    expect(targets).toHaveLength(metrics.errata?.length ? 10 : 9);
    for (const id of targets) expect(doc.getElementById(id), id).not.toBeNull();
  });
});

describe('corrections', () => {
  it('the 2026-Q2 page says it was corrected, under the masthead, and lists each erratum', () => {
    const doc = page(site.out, '/issues/2026-q2/');
    const errata = metrics.errata!;
    const latest = errata.map((e) => e.date).sort().at(-1)!;
    expect(text(doc.querySelector('.masthead .corrections-notice')!)).toContain(`Corrected on ${longDate(latest)}`);
    expect(doc.querySelector('.corrections-notice a')!.getAttribute('href')).toBe('#corrections');
    const items = doc.querySelectorAll('#corrections .correction');
    expect(items).toHaveLength(errata.length);
    items.forEach((li, i) => {
      expect(text(li.querySelector('.correction__reason')!)).toBe(errata[i]!.reason.replace(/\s+/g, ' '));
      expect(li.querySelector('time')!.getAttribute('datetime')).toBe(errata[i]!.date);
      expect(text(li.querySelector('.correction__summary')!)).toMatch(new RegExp(`^It changed ${errata[i]!.changes.length.toLocaleString('en-US')} values? of this edition`));
    });
    // The talent-flow correction shows the flow the section rested on, as printed: 11 then, 1 now.
    const flowRows = items.at(-1)!.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('th, td').map((c) => text(c)));
    const mo = flowRows.find((r) => r[0]!.startsWith('Model Optimization & Compression → Edge & On-Device ML: Talent flow'));
    expect(mo?.slice(1)).toEqual(['11', '1']);
    expect(text(items.at(-1)!.querySelector('.correction__note')!)).toContain('Where talent is moving');
  });

  it('publishes the errata as CSV and links it from the footer', () => {
    const csv = readFileSync(join(site.out, 'issues/2026-q2/errata-2026-Q2.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('erratum,date,reason,note,scope,figure,path,old,new');
    expect(csv).toContain('model-optimization→edge-on-device,flow,flows[model-optimization→edge-on-device].contributors,11,1');
    // each figure by its catalogue key (the path keeps the frozen edition's field)
    expect(csv).toContain(',ml-compilers,ai-assisted-share-qoq,categories.ml-compilers.qoq.aiAssistedShare,');
    const hrefs = page(site.out, '/issues/2026-q2/').querySelectorAll('.issue-footer a').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('/issues/2026-q2/errata-2026-Q2.csv');
  });
});

describe('downloads', () => {
  it('publishes the frozen edition byte for byte beside its schema, which its $schema names', () => {
    const raw = readFileSync(join(site.out, 'data/metrics/2026-Q2.json'), 'utf8');
    expect(raw).toBe(readFileSync(join(PATHS.metricsDir, '2026-Q2.json'), 'utf8'));
    const ref = (JSON.parse(raw) as { $schema: string }).$schema;
    const at = new URL(ref, 'https://site.test/data/metrics/2026-Q2.json').pathname;
    expect(at).toBe('/data/metrics.schema.json');
    const schema = JSON.parse(readFileSync(join(site.out, at), 'utf8')) as Record<string, unknown>;
    expect(schema['$id']).toBe(`${TEST_SITE_URL}data/metrics.schema.json`);
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(JSON.parse(raw)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes the JSON download by catalogue key, valid against the schema published where its $schema points', () => {
    const x = JSON.parse(readFileSync(join(site.out, 'issues/2026-q2/metrics-2026-Q2.json'), 'utf8')) as {
      $schema: string;
      scopes: Record<string, Record<string, unknown>>;
      pairs: { a: string; b: string; [k: string]: unknown }[];
      'top-projects': { rank: number; repo: string }[];
    };
    const schemaPath = new URL(x.$schema).pathname;
    expect(schemaPath).toBe('/data/figures.schema.json');
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(site.out, schemaPath), 'utf8')) as object);
    expect(validate(x), JSON.stringify(validate.errors)).toBe(true);
    // the same figures as the edition, under the names the shortcodes use
    const m = metrics.categories['llm-serving']!;
    expect(x.scopes['llm-serving']).toMatchObject({
      contributors: m.contributors,
      'contributors-qoq': m.qoq.contributors,
      'contributors-previous': m.previous.contributors,
      'churn-rate': m.churnRate,
      'new-to-repo': m.newContributors.repo,
      'covered-repos': m.coveredRepos,
    });
    expect(x.scopes['corpus']!['commits']).toBe(metrics.corpus.commits);
    const top = [...metrics.topProjects].sort((a, b) => a.rank - b.rank)[0]!;
    expect(x['top-projects'][0]).toEqual({ rank: 1, 'previous-rank': top.previousRank, repo: top.repo, category: top.category });
    expect(x.scopes[top.repo]!['contributors-qoq']).toEqual(top.contributorsQoq);
    const o = metrics.overlap.find((p) => p.a === 'gpu-kernels' && p.b === 'distributed-training')!;
    const f = metrics.flows.find((p) => p.from === 'distributed-training' && p.to === 'gpu-kernels')!;
    expect(x.pairs.find((p) => p.a === 'distributed-training' && p.b === 'gpu-kernels')).toEqual({
      a: 'distributed-training',
      b: 'gpu-kernels',
      overlap: o.contributors,
      'overlap-previous': o.previous,
      'overlap-qoq': o.qoq,
      flow: f.contributors,
    });
    // the errata name each figure by the same keys; `path` is where the value is in the frozen edition
    const errata = (x as unknown as { errata: { changes: { scope: string; figure: string; path: string; old: unknown; new: unknown }[] }[] }).errata;
    expect(errata.map((e) => e.changes.length)).toEqual(metrics.errata!.map((e) => e.changes.length));
    expect(errata.flatMap((e) => e.changes).find((c) => c.path === 'categories.ml-compilers.qoq.aiAssistedShare')).toMatchObject({ scope: 'ml-compilers', figure: 'ai-assisted-share-qoq' });
    // no storage name leaks into the download
    const text = JSON.stringify(x);
    for (const storage of ['"qoq"', '"contributorsQoq"', '"newContributors"', '"churnRate"']) expect(text).not.toContain(storage);
  });

  it('writes the snapshot as CSV whose rows equal the metrics', () => {
    const csv = readFileSync(join(site.out, 'issues/2026-q2/snapshot-2026-Q2.csv'), 'utf8');
    expect(csv).not.toContain('"'); // no field needs quoting: a plain split is a faithful parse
    const [head, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
    // one name per figure: the CSV columns are the catalogue keys, as in the shortcodes
    expect(head).toEqual(['category', 'name', 'commits', 'contributors', 'active-repos', 'commits-qoq', 'contributors-qoq', 'new-contributors', 'churn-rate', 'mean-active-weeks', 'file-churn-qoq']);
    expect(rows.map((r) => r[0])).toEqual(categories.map((c) => c.slug));
    const num = (s: string): number | string | null => (s === '' ? null : s === 'new' ? 'new' : Number(s));
    for (const r of rows) {
      const m = metrics.categories[r[0]!]!;
      expect(r[1]).toBe(categories.find((c) => c.slug === r[0])!.name);
      expect(r.slice(2).map(num)).toEqual([
        m.commits,
        m.contributors,
        m.activeRepos,
        m.qoq.commits,
        m.qoq.contributors,
        m.newContributors.ecosystem,
        m.churnRate,
        m.meanActiveWeeks,
        m.qoq.fileChurn,
      ]);
    }
  });

  it('publishes the chart specs for the interactive enhancement', () => {
    const specs = JSON.parse(readFileSync(join(site.out, 'issues/2026-q2/charts.json'), 'utf8')) as Record<string, Record<string, { $schema: string }>>;
    expect(Object.keys(specs)).toHaveLength(17);
    expect(Object.keys(specs['snapshot-qoq']!).sort()).toEqual(['narrow', 'wide']);
    expect(specs['trend-llm-serving']!['narrow']!.$schema).toContain('vega-lite');
  });
});

describe('the coverage list', () => {
  it('lists every tracked repo with its status and as-of date, grouped by category', () => {
    const doc = page(site.out, '/issues/2026-q2/coverage/');
    const groups = doc.querySelectorAll('section.repo-group');
    expect(groups.map((g) => text(g.querySelector('h2')).split(' ')[0])).toEqual(categories.map((c) => c.name.split(' ')[0]));
    const rows = doc.querySelectorAll('section.repo-group tbody tr');
    expect(rows).toHaveLength(metrics.coverage.tracked);
    // the row header holds the name and, for phones, the row's note under it
    const byRepo = new Map(rows.map((r) => [text(r.querySelector('th .repo-table__repo')), r]));
    for (const entry of metrics.coverage.repos) {
      const row = byRepo.get(entry.repo)!;
      expect(row, entry.repo).toBeDefined();
      expect(row.getAttribute('class')).toContain(`status-row--${entry.status}`);
      const inline = row.querySelector('th .repo-table__note-inline');
      if (entry.status === 'missing') expect(inline).toBeNull();
      else if (inline) expect(text(inline)).toBe(text(row.querySelector('.col-note')));
      if (entry.status === 'stale') expect(text(inline)).toBe('Copy ends before the quarter closed; left out of this issue.');
      const asOf = text(row.querySelectorAll('td')[1]);
      if (entry.asOf) {
        const d = new Date(entry.asOf);
        expect(asOf).toBe(`${d.getUTCDate()} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]} ${d.getUTCFullYear()}`);
      } else {
        expect(asOf).toBe('—');
      }
    }
  });
});

describe('the project map', () => {
  it('lists every tracked repo by category with the latest figures', () => {
    const registry = loadRegistry(PATHS.repos, PATHS.categories);
    const doc = page(site.out, '/projects/');
    const rows = doc.querySelectorAll('section.repo-group tbody tr');
    expect(rows).toHaveLength(registry.repos.length);
    const top = [...metrics.topProjects].sort((a, b) => a.rank - b.rank)[0]!;
    const row = rows.find((r) => text(r.querySelector('th')) === top.repo)!;
    const cells = row.querySelectorAll('td').map((x) => text(x));
    expect(cells.slice(0, 3)).toEqual([count(top.contributors), count(top.newContributors), count(top.commits)]);
  });
});

describe('the category and project pages', () => {
  // every committed edition, oldest first: the pages print each quarter as its edition froze it
  const editions: QuarterMetrics[] = readdirSync(PATHS.metricsDir)
    .filter((f) => /^\d{4}-Q[1-4]\.json$/.test(f))
    .sort()
    .map((f) => readMetrics(join(PATHS.metricsDir, f)));
  const latest = editions.at(-1)!;
  const covered = [...new Set(editions.flatMap((m) => Object.keys(m.repos)))];
  const long = (q: string): string => `${q.slice(5)} ${q.slice(0, 4)}`;
  const column = (doc: ReturnType<typeof page>, label: string): number =>
    doc.querySelectorAll('table.history-table thead th').findIndex((th) => text(th) === label);

  it('builds a page for every category of the latest edition and every repo covered in any edition', () => {
    const files = listFiles(site.out);
    expect(files).toContain('categories/index.html');
    for (const c of latest.setup.categories) expect(files, c.slug).toContain(`categories/${c.slug}/index.html`);
    for (const r of covered) expect(files, r).toContain(`projects/${r}/index.html`);
    expect(files.filter((f) => /^projects\/.+\/.+\/index\.html$/.test(f))).toHaveLength(covered.length);
  });

  it('prints every frozen quarter of a category from its edition', () => {
    for (const c of latest.setup.categories) {
      const doc = page(site.out, `/categories/${c.slug}/`);
      expect(text(doc.querySelector('h1'))).toBe(c.name);
      const rows = doc.querySelectorAll('table.history-table tbody tr');
      const held = editions.filter((m) => m.categories[c.slug]);
      expect(rows.map((r) => text(r.querySelector('th')))).toEqual([...held].reverse().map((m) => long(m.quarter)));
      const [ci, ni, wi] = [column(doc, 'Contributors'), column(doc, 'New contributors'), column(doc, 'Mean active weeks')];
      rows.forEach((row, i) => {
        const m = held[held.length - 1 - i]!.categories[c.slug]!;
        const cells = row.querySelectorAll('th, td').map((x) => text(x));
        expect([cells[ci], cells[ni], cells[wi]], `${c.slug} ${text(row.querySelector('th'))}`).toEqual([count(m.contributors), count(m.newContributors.ecosystem), weeks(m.meanActiveWeeks)]);
      });
      // its trend chart: an SVG drawing with the data behind it, one row per quarter
      const fig = doc.querySelector(`figure#fig-history-${c.slug}`)!;
      expect(fig.querySelectorAll('svg[role="img"]').length).toBeGreaterThan(0);
      expect(fig.querySelectorAll('details.chart__data tbody tr')).toHaveLength(held.length);
      // the issue 13 sections, from the extended editions: the engagement mix's data table holds the edition's counts
      expect(doc.querySelector('#mix .section-absent')).toBeNull();
      const latestRow = doc.querySelector('#mix-engagement details.chart__data tbody tr');
      const lc = latest.categories[c.slug]!;
      const share = (k: number) => `${count(k)} (${percent((k / lc.contributors) * 100)})`;
      if (lc.contributors > 0) {
        expect(latestRow!.querySelectorAll('th, td').map((x) => text(x))).toEqual([long(latest.quarter), share(lc.engaged10Weeks), share(lc.engagement!.partTime), share(lc.engagement!.oneTime)]);
      }
      expect(doc.querySelectorAll('#retention svg[role="img"]').length).toBeGreaterThan(0);
    }
  });

  it('lists a category’s repositories, largest first, linking those with a page', () => {
    const doc = page(site.out, '/categories/gpu-kernels/');
    const rows = doc.querySelectorAll('#repos tbody tr');
    const registry = loadRegistry(PATHS.repos, PATHS.categories);
    expect(rows.map((r) => text(r.querySelector('th'))).sort()).toEqual(registry.repos.filter((r) => r.category === 'gpu-kernels').map((r) => r.repo).sort());
    const top = Object.entries(latest.repos).filter(([, m]) => m.category === 'gpu-kernels').sort((a, b) => b[1].contributors - a[1].contributors)[0]!;
    expect(text(rows[0]!.querySelector('th'))).toBe(top[0]);
    expect(text(rows[0]!.querySelector('td'))).toBe(count(top[1].contributors));
    for (const r of rows) {
      const repo = text(r.querySelector('th'));
      expect(r.querySelector('a')?.getAttribute('href'), repo).toBe(covered.includes(repo) ? `/projects/${repo}/` : undefined);
    }
  });

  it('links each category to its section in every published issue', () => {
    const doc = page(site.out, '/categories/llm-serving/');
    const hrefs = doc.querySelectorAll('#issues a').map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(published.map((i) => `/issues/${i.slug}/#cat-llm-serving`));
    // the site's navigation and the methodology lead to the categories
    expect(page(site.out, '/issues/2026-q2/').querySelector('.site-nav a[href="/categories/"]')).not.toBeNull();
    expect(page(site.out, '/methodology/').querySelector('main a[href="/categories/"]')).not.toBeNull();
  });

  it('prints a project’s history and coverage in every edition', () => {
    const repo = 'pytorch/ao';
    const doc = page(site.out, `/projects/${repo}/`);
    const held = editions.filter((m) => m.repos[repo]);
    const rows = doc.querySelectorAll('table.history-table tbody tr');
    expect(rows).toHaveLength(held.length);
    const [ci, ni, ai, fi] = [column(doc, 'Contributors'), column(doc, 'New'), column(doc, 'AI-assisted share'), column(doc, 'File churn')];
    rows.forEach((row, i) => {
      const m = held[held.length - 1 - i]!.repos[repo]!;
      const cells = row.querySelectorAll('th, td').map((x) => text(x));
      expect([cells[ci], cells[ni], cells[ai], cells[fi]]).toEqual([count(m.contributors), count(m.newContributors.repo), percent(m.aiAssistedShare), count(m.fileChurn)]);
    });
    const status = doc.querySelectorAll('#coverage tbody tr').map((r) => text(r.querySelector('.status')));
    const label: Record<string, string> = { covered: 'Covered', stale: 'Stale copy', missing: 'Not in cache', failed: 'Could not be read' };
    expect(status).toEqual([...editions].reverse().map((m) => label[m.coverage.repos.find((r) => r.repo === repo)?.status ?? ''] ?? 'Not tracked'));
    expect(text(doc.querySelector('.page-kicker'))).toContain(latest.setup.categories.find((c) => c.slug === held.at(-1)!.repos[repo]!.category)!.name);
  });

  it('resolves every internal link of the Project Map and the new pages, fragments included', () => {
    const sources = ['/projects/', '/categories/', ...latest.setup.categories.map((c) => `/categories/${c.slug}/`), ...covered.map((r) => `/projects/${r}/`)];
    const broken: string[] = [];
    for (const from of sources) {
      for (const a of page(site.out, from).querySelectorAll('main a[href^="/"]')) {
        const href = a.getAttribute('href')!;
        const [path, fragment] = href.split('#') as [string, string | undefined];
        const file = join(site.out, path.replace(/^\//, ''), path.endsWith('/') ? 'index.html' : '');
        if (!existsSync(file)) broken.push(`${from} -> ${href}`);
        else if (fragment && !page(site.out, path).querySelector(`[id="${fragment}"]`)) broken.push(`${from} -> ${href} (no #${fragment})`);
      }
    }
    expect(broken).toEqual([]);
    // every covered repo on the Project Map leads to its page
    const map = page(site.out, '/projects/');
    for (const r of covered) expect(map.querySelector(`a[href="/projects/${r}/"]`), r).not.toBeNull();
  });
});

describe('the Atom feed', () => {
  it('is well-formed Atom with the required elements', () => {
    const xml = readFileSync(join(site.out, 'feed.xml'), 'utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(xml) as {
      feed: Record<string, unknown> & { entry: Record<string, unknown>[]; link: Record<string, string>[] };
    };
    const feed = doc.feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
    expect(String(feed['id'])).toMatch(/^https?:\/\//);
    expect(String(feed['title'])).toBe('Deep Signal Quarterly');
    expect(String(feed['updated'])).toMatch(rfc3339);
    expect((feed['author'] as { name: string }).name).toBeTruthy();
    expect(feed.link.some((l) => l['@_rel'] === 'self' && String(l['@_href']).endsWith('/feed.xml'))).toBe(true);
    expect(feed.entry).toHaveLength(published.length);
    const e = feed.entry[0]!;
    const newest = published[0]!;
    expect(String(e['title'])).toBe(newest.meta.title);
    expect(String(e['id'])).toMatch(new RegExp(`^https?://.*/issues/${newest.slug}/$`));
    expect(String(e['published'])).toBe(`${newest.meta.publishDate}T00:00:00.000Z`);
    // a correction updates the entry on its date
    const errata = readMetrics(join(PATHS.metricsDir, `${newest.meta.quarter}.json`)).errata ?? [];
    expect(String(e['updated'])).toBe(`${errata.map((x) => x.date).sort().at(-1) ?? newest.meta.publishDate}T00:00:00.000Z`);
    expect((e['link'] as Record<string, string>[])[0]!['@_href']).toBe(String(e['id']));
    expect(String(e['summary']).length).toBeGreaterThan(10);
  });
});

describe('privacy', () => {
  it('publishes no email address', () => {
    // Allowed: example domains, GitHub noreply forms, and the methodology's illustrative machine address.
    const allowed = (a: string): boolean =>
      /@(?:[\w-]+\.)*example\.(?:com|org|net)$/i.test(a) || /noreply/i.test(a);
    const found: string[] = [];
    for (const f of listFiles(site.out)) {
      if (f.endsWith('.woff2')) continue;
      const body = readFileSync(join(site.out, f), 'utf8');
      for (const m of body.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g)) {
        if (!allowed(m[0])) found.push(`${f}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});

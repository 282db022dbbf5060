/**
 * Builders for hand-written commit records and a metrics run over them, so
 * metric tests read like the methodology they check.
 */
import { resolve } from 'node:path';
import type { CommitRecord, RepoRecords } from '../../src/extract/types.ts';
import { IdentityResolver } from '../../src/identity/identity.ts';
import { loadIdentityRules, type IdentityRules } from '../../src/identity/rules.ts';
import { loadWorkProfileRules, workClassifier } from '../../src/metrics/work-profile.ts';
import { prepareCorpus, type PreparedCorpus } from '../../src/metrics/prepare.ts';
import type { Registry } from '../../src/registry/registry.ts';

/** Fixture identity rules under test/fixtures/identity. */
export const FIXTURE_RULES = {
  placeholders: resolve(import.meta.dirname, '../fixtures/identity/identities.yaml'),
  bots: resolve(import.meta.dirname, '../fixtures/identity/bots.yaml'),
  agents: resolve(import.meta.dirname, '../fixtures/identity/ai-agents.yaml'),
  affiliations: resolve(import.meta.dirname, '../fixtures/identity/affiliations.yaml'),
  mailmap: resolve(import.meta.dirname, '../fixtures/identity/mailmap'),
};

/** Unix seconds of an ISO 8601 instant. */
export const at = (iso: string): number => Date.parse(iso) / 1000;

let seq = 0;

/** A commit authored by `who` ("Name <email>") and committed at `when` (ISO, UTC unless an offset is given). */
export function commit(
  who: string,
  when: string,
  paths: string[],
  extra: Partial<Pick<CommitRecord, 'parents' | 'trailers' | 'committerTime' | 'authorTime' | 'authorTz'>> = {},
): CommitRecord {
  const m = /^(.*?)\s*<(.*)>$/.exec(who);
  if (!m) throw new Error(`bad identity ${who}`);
  seq++;
  const t = at(when);
  return {
    id: seq.toString(16).padStart(40, '0'),
    parents: extra.parents ?? [],
    authorName: m[1]!,
    authorEmail: m[2]!,
    authorTime: extra.authorTime ?? t,
    authorTz: extra.authorTz ?? 0,
    committerName: 'GitHub',
    committerEmail: 'noreply@github.com',
    committerTime: extra.committerTime ?? t,
    trailers: extra.trailers ?? [],
    paths: [...paths].sort(),
  };
}

/** Records of one repo. */
export function repoRecords(repo: string, commits: CommitRecord[]): RepoRecords {
  return {
    repo,
    branch: 'main',
    head: commits.at(-1)?.id ?? '0'.repeat(40),
    commits: [...commits].sort((a, b) => a.committerTime - b.committerTime || (a.id < b.id ? -1 : 1)),
  };
}

/** A registry with the given categories (slugs) and repos. */
export function registryOf(categories: string[], repos: Record<string, string>): Registry {
  return {
    categories: categories.map((slug, i) => ({ slug, name: slug, short: slug, order: i + 1 })),
    repos: Object.entries(repos).map(([repo, category]) => ({ repo, category })),
    source: 'test',
  };
}

let fixtureRules: IdentityRules | undefined;
let classifier: ((path: string) => number) | undefined;

/**
 * The fixture identity rules, loaded (read and validated) once per test file:
 * loading is not what the scenario tests check, and the mutation run
 * (docs/mutation.md) repeats each test file once per mutant.
 */
export function fixtureIdentityRules(): IdentityRules {
  return (fixtureRules ??= loadIdentityRules(FIXTURE_RULES));
}

/**
 * Prepares a corpus from records with the fixture identity rules and the
 * project's work-profile rules. The resolver is built on every call, so a
 * test that calls this inside `it` or `beforeEach` reaches the identity code
 * itself (not a copy built while the file loaded).
 */
export function prepare(registry: Registry, records: RepoRecords[]): PreparedCorpus {
  const resolver = new IdentityResolver(fixtureIdentityRules());
  const classify = (classifier ??= workClassifier(loadWorkProfileRules()));
  const cat = new Map(registry.repos.map((r) => [r.repo, r.category]));
  return prepareCorpus(
    records.map((r) => ({ repo: r.repo, category: cat.get(r.repo)!, records: r })),
    registry.categories.map((c) => c.slug),
    resolver,
    classify,
  );
}

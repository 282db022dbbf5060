/**
 * The identity rule files under `data/`: bots (`bots.yaml`), AI coding agents
 * (`ai-agents.yaml`), organisations by email domain (`affiliations.yaml`) and
 * aliases (`mailmap`). Loaded once, validated against JSON Schemas whose
 * errors name the file, line and field.
 *
 * @module
 */
import { loadYamlFile, type JsonSchema } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { displayPath } from '../core/data-file.ts';
import { loadMailmap, Mailmap } from './mailmap.ts';
import { PATHS } from '../core/config.ts';

/** `data/bots.yaml`: automation identities excluded from every figure. */
export interface BotRules {
  /** Name or email local-part suffixes, e.g. `[bot]`. */
  readonly suffixes: readonly string[];
  /** Whole author names. */
  readonly names: readonly string[];
  /** Whole email addresses. */
  readonly emails: readonly string[];
  /** GitHub logins, matched in noreply addresses. */
  readonly logins: readonly string[];
  /** Regular expressions tested against `Name <email>`, case-insensitive. */
  readonly patterns: readonly string[];
}

/** One AI coding agent of `data/ai-agents.yaml`. */
export interface AgentRule {
  /** How the newsletter names the agent, e.g. `Claude Code`. */
  readonly name: string;
  readonly emails?: readonly string[];
  /** Email domains, matching subdomains too. */
  readonly domains?: readonly string[];
  /** GitHub logins in noreply addresses. */
  readonly logins?: readonly string[];
  readonly names?: readonly string[];
}

/** A trailer that marks AI assistance by itself (`Made-with: Cursor`). */
export interface AgentTrailerRule {
  /** Trailer key, case-insensitive. */
  readonly key: string;
  /** Regular expression the value must match, case-insensitive. */
  readonly value: string;
}

/** `data/ai-agents.yaml`. */
export interface AgentRules {
  readonly agents: readonly AgentRule[];
  readonly trailers: readonly AgentTrailerRule[];
}

/** One domain-to-organisation mapping of `data/affiliations.yaml`. */
export interface OrganisationRule {
  /** Email domain; also matches its subdomains. */
  readonly domain: string;
  /** Organisation name as published. */
  readonly organisation: string;
  /** First day the mapping holds (UTC, inclusive), `YYYY-MM-DD`. */
  readonly from?: string;
  /** First day it no longer holds (UTC, exclusive), `YYYY-MM-DD`. */
  readonly until?: string;
}

/** `data/affiliations.yaml`. */
export interface AffiliationRules {
  readonly organisations: readonly OrganisationRule[];
  /** Webmail and personal providers (exact domains). */
  readonly personal: readonly string[];
  /** Domain suffixes of universities not listed by name (`.edu`, `.ac.uk`). */
  readonly academicSuffixes: readonly string[];
}

/** `data/identities.yaml`: identities that do not name a person by themselves. */
export interface PlaceholderRules {
  /** Account names that are nobody in particular (`root`, `ubuntu`). */
  readonly placeholderNames: readonly string[];
  /** Domain suffixes of machine addresses (`.local`, `.cluster`). */
  readonly hostDomainSuffixes: readonly string[];
}

/** Everything identity resolution needs. */
export interface IdentityRules {
  readonly placeholders: PlaceholderRules;
  readonly bots: BotRules;
  readonly agents: AgentRules;
  readonly affiliations: AffiliationRules;
  readonly mailmap: Mailmap;
}

const strings = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const DOMAIN = { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' } as const;

/** JSON Schema of `data/bots.yaml`. */
export const BOTS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['suffixes', 'names', 'emails', 'logins', 'patterns'],
  properties: { suffixes: strings, names: strings, emails: strings, logins: strings, patterns: strings },
};

/** JSON Schema of `data/identities.yaml`. */
export const PLACEHOLDERS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['placeholderNames', 'hostDomainSuffixes'],
  properties: {
    placeholderNames: strings,
    hostDomainSuffixes: { type: 'array', items: { type: 'string', pattern: '^\\.[a-z0-9.-]+$' } },
  },
};

/** JSON Schema of `data/ai-agents.yaml`. */
export const AGENTS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['agents', 'trailers'],
  properties: {
    agents: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, emails: strings, domains: strings, logins: strings, names: strings },
      },
    },
    trailers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'value'],
        properties: { key: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
      },
    },
  },
};

/** JSON Schema of `data/affiliations.yaml`. */
export const AFFILIATIONS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['organisations', 'personal', 'academicSuffixes'],
  properties: {
    organisations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['domain', 'organisation'],
        properties: { domain: DOMAIN, organisation: { type: 'string', minLength: 1 }, from: DATE, until: DATE },
      },
    },
    personal: { type: 'array', items: DOMAIN },
    academicSuffixes: strings,
  },
};

/** Paths of the identity rule files. */
export interface IdentityRuleFiles {
  readonly placeholders: string;
  readonly bots: string;
  readonly agents: string;
  readonly affiliations: string;
  readonly mailmap: string;
}

/** The project's own rule files under `data/`. */
export const DEFAULT_RULE_FILES: IdentityRuleFiles = {
  placeholders: PATHS.identities,
  bots: PATHS.bots,
  agents: PATHS.aiAgents,
  affiliations: PATHS.affiliations,
  mailmap: PATHS.mailmap,
};

function checkRegexes(list: readonly string[], file: string, field: string): void {
  list.forEach((p, i) => {
    try {
      new RegExp(p, 'i');
    } catch (e) {
      throw new DsqError(`invalid regular expression: ${(e as Error).message}`, { file: displayPath(file), field: `${field}[${i}]` });
    }
  });
}

/**
 * Loads and validates the identity rule files.
 *
 * @param files - rule file paths (defaults to the project's `data/` files)
 * @throws {DsqError} naming file, line and field for invalid YAML, schema violations, bad regular expressions or date ranges
 */
export function loadIdentityRules(files: IdentityRuleFiles = DEFAULT_RULE_FILES): IdentityRules {
  const bots = loadYamlFile<BotRules>(files.bots, BOTS_SCHEMA);
  checkRegexes(bots.patterns, files.bots, 'patterns');
  const agents = loadYamlFile<AgentRules>(files.agents, AGENTS_SCHEMA);
  checkRegexes(
    agents.trailers.map((t) => t.value),
    files.agents,
    'trailers.value',
  );
  const affiliations = loadYamlFile<AffiliationRules>(files.affiliations, AFFILIATIONS_SCHEMA);
  affiliations.organisations.forEach((o, i) => {
    if (o.from && o.until && o.from >= o.until) {
      throw new DsqError(`"from" (${o.from}) must be before "until" (${o.until})`, {
        file: displayPath(files.affiliations),
        field: `organisations[${i}]`,
      });
    }
  });
  const orgDomains = new Set(affiliations.organisations.map((o) => o.domain));
  affiliations.personal.forEach((d, i) => {
    if (orgDomains.has(d)) {
      throw new DsqError(`"${d}" is both a personal provider and an organisation's domain`, { file: displayPath(files.affiliations), field: `personal[${i}]` });
    }
  });
  const placeholders = loadYamlFile<PlaceholderRules>(files.placeholders, PLACEHOLDERS_SCHEMA);
  return { placeholders, bots, agents, affiliations, mailmap: loadMailmap(files.mailmap) };
}

/**
 * JSON data files report the line of a schema violation, as YAML files do,
 * and a described pattern says what the value should be instead of printing
 * the regular expression.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadJsonFile, loadJsonFileWithLines, parseYaml } from '../../src/core/data-file.ts';
import { tempDir } from '../extract/helpers.ts';

const tmp = tempDir('data-file');
afterAll(() => tmp.cleanup());

const SCHEMA = {
  type: 'object',
  properties: {
    repos: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          repo: { type: 'string', pattern: '^[a-z]+/[a-z]+$', description: 'an owner/name' },
          n: { type: 'integer' },
        },
      },
    },
  },
};

describe('JSON files with lines', () => {
  const file = join(tmp.dir, 'm.json');
  it('names the line and field of a violation', () => {
    writeFileSync(file, '{\n  "repos": [\n    { "repo": "a/b", "n": 1 },\n    {\n      "repo": "c/d",\n      "n": "two"\n    }\n  ]\n}\n');
    expect(() => loadJsonFile(file, SCHEMA)).toThrow(/m\.json:6: repos\[1\]\.n: must be integer$/);
  });

  it('prints a described pattern as what the value is not', () => {
    writeFileSync(file, '{ "repos": [\n  { "repo": "../escape" }\n] }\n');
    expect(() => loadJsonFile(file, SCHEMA)).toThrow(/m\.json:2: repos\[0\]\.repo: "\.\.\/escape" is not an owner\/name$/);
    expect(() => parseYaml('repos:\n  - repo: ../x\n', SCHEMA, 'r.yaml')).toThrow('r.yaml:2: repos[0].repo: "../x" is not an owner/name');
  });

  it('keeps a line look-up for checks after the schema', () => {
    writeFileSync(file, '{ "repos": [\n  { "repo": "a/b" },\n  { "repo": "a/b" }\n] }\n');
    const { data, lineOf } = loadJsonFileWithLines<{ repos: { repo: string }[] }>(file, SCHEMA);
    expect(data.repos).toHaveLength(2);
    expect(lineOf('/repos/1/repo')).toBe(3);
    expect(lineOf('/repos/1/missing')).toBe(3);
  });
});

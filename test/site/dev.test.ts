/**
 * `npm run dev` on a temporary content folder: the server starts, serves a
 * draft issue (drafts are visible in the preview) and the published one.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { copyContent, SCRATCH } from './helpers.ts';

/** A free TCP port on localhost. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm run dev', () => {
  it('serves the site with drafts visible', async () => {
    const content = copyContent('dev');
    const index = join(content, 'issues/2026-q2/index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace('status: published', 'status: draft'));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/dev.ts', '--port', String(port), '--content', relative(PROJECT_ROOT, content), '--out', relative(PROJECT_ROOT, join(SCRATCH, 'dev', '_site'))],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    try {
      const deadline = Date.now() + 90_000;
      let page = '';
      while (Date.now() < deadline) {
        try {
          const r = await fetch(`http://localhost:${port}/issues/2026-q2/`);
          if (r.ok) {
            page = await r.text();
            break;
          }
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(page, log).toContain('draft-banner');
      expect(page).toContain('Q2 2026');
      expect(log).toMatch(/Rendered 2 issue\(s\) \(drafts shown\)/);
    } finally {
      child.kill();
    }
  });
});

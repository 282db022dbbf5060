/**
 * Worker-thread entry of the isomorphic-git backend: extracts one repository
 * per message. A full extraction answers with the serialised records (the
 * records-file text, which is compact to pass back and what the main thread
 * caches anyway); an incremental one (`since`) with the new commits only.
 *
 * Started by `extract.ts` through a small bootstrap that registers tsx's ESM
 * hooks first, so it runs under `node --import tsx` and under vitest alike.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { extractWithIsomorphicGitSince } from './isogit-backend.ts';
import { zlibInflateCalls } from './fast-inflate.ts';
import { serialiseRecords } from './records-file.ts';
import type { BackendInput } from './backend.ts';
import type { RepoRecords } from './types.ts';

/** A job sent to the worker. */
export interface WorkerJob {
  readonly id: number;
  readonly input: BackendInput;
}

/** The worker's answer to one job. */
export type WorkerResult =
  | {
      readonly id: number;
      readonly ok: true;
      /** Whether `input.since` was an ancestor, so only the new commits were read. */
      readonly appended: boolean;
      /** Records-file text (`serialiseRecords`) of a full extraction. */
      readonly text?: string;
      /** The new commits' records of an incremental extraction. */
      readonly records?: RepoRecords;
      /** Commits read. */
      readonly commits: number;
      /** Seconds spent extracting, in the worker. */
      readonly seconds: number;
      /** Objects inflated by zlib in this worker so far (shows the pako patch is in effect). */
      readonly zlibInflates: number;
    }
  | { readonly id: number; readonly ok: false; readonly message: string };

if (!parentPort) throw new Error('extract/worker.ts must run in a worker thread');
const port = parentPort;

port.on('message', (job: WorkerJob) => {
  const t = performance.now();
  extractWithIsomorphicGitSince(job.input).then(
    ({ records, appended }) => {
      const result: WorkerResult = {
        id: job.id,
        ok: true,
        appended,
        ...(appended ? { records } : { text: serialiseRecords(records) }),
        commits: records.commits.length,
        seconds: (performance.now() - t) / 1000,
        zlibInflates: zlibInflateCalls(),
      };
      port.postMessage(result);
    },
    (err: unknown) => {
      const result: WorkerResult = { id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) };
      port.postMessage(result);
    },
  );
});

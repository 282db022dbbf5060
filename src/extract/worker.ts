/**
 * Worker-thread entry of the isomorphic-git backend: extracts one repository
 * per message and answers with its serialised records (the records-file text,
 * which is compact to pass back and what the main thread caches anyway).
 *
 * Started by `extract.ts` through a small bootstrap that registers tsx's ESM
 * hooks first, so it runs under `node --import tsx` and under vitest alike.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { extractWithIsomorphicGit } from './isogit-backend.ts';
import { zlibInflateCalls } from './fast-inflate.ts';
import { serialiseRecords } from './records-file.ts';
import type { BackendInput } from './backend.ts';

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
      /** Records-file text (`serialiseRecords`). */
      readonly text: string;
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
  extractWithIsomorphicGit(job.input).then(
    (records) => {
      const result: WorkerResult = {
        id: job.id,
        ok: true,
        text: serialiseRecords(records),
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

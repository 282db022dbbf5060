/**
 * A bounded cache of resolved pack objects for isomorphic-git's pack reader.
 *
 * isomorphic-git's `GitPackIndex#readSlice` resolves a deltified object by
 * reading its whole delta chain, and is meant to keep resolved objects in
 * `offsetCache` once `readDepth > 3`. On the reading path (`readObject`),
 * `readDepth` is never initialised (only `fromPack`, used when indexing a
 * fetched pack, sets it), so it is `NaN`, the test is always false and
 * nothing is ever cached: every tree read re-inflates its entire delta chain
 * (about 49 inflates per commit on NVIDIA/Megatron-LM).
 *
 * {@link enableDeltaBaseCache} gives each loaded pack index a `readDepth`
 * that always passes the test and an `offsetCache` bounded by bytes (two
 * generations, each at most half the bound). Cached values are `{ type, object }` records whose buffers
 * isomorphic-git copies the record of (`Object.assign({}, ...)`) and never
 * mutates, so caching changes no result, only the work.
 *
 * This touches isomorphic-git internals: the pack indexes are found under the
 * `Symbol('PackfileCache')` key of the shared `cache` object. When they are
 * not found (a future release renamed them), nothing is patched and reading
 * stays correct, only slower; {@link deltaBaseCacheStats} shows which case holds.
 *
 * @module
 */

interface CachedSlice {
  readonly type: string;
  readonly object: Uint8Array;
}

interface PackIndexLike {
  offsetCache: Record<string, CachedSlice | undefined>;
  readDepth: number;
}

/** What the delta-base cache of one repository has done. */
export interface DeltaBaseCacheStats {
  /** Pack indexes whose cache was enabled. */
  packs: number;
  /** Resolved objects stored. */
  stored: number;
  /** Objects dropped to stay under the byte bound. */
  evicted: number;
  /** Bytes currently held (an object carried into the newer generation may count twice). */
  bytes: number;
}

const patched = new WeakSet<object>();

function boundedOffsetCache(maxBytes: number, stats: DeltaBaseCacheStats): Record<string, CachedSlice | undefined> {
  // Two generations of at most maxBytes / 2 each: when the current one is
  // full it becomes the older one and the previous older one is dropped.
  let current = new Map<string, CachedSlice>();
  let older = new Map<string, CachedSlice>();
  let currentBytes = 0;
  let olderBytes = 0;
  const put = (key: string, value: CachedSlice): void => {
    const size = value.object.byteLength;
    if (currentBytes + size > maxBytes / 2 && current.size > 0) {
      stats.evicted += older.size;
      older = current;
      olderBytes = currentBytes;
      current = new Map();
      currentBytes = 0;
    }
    current.set(key, value);
    currentBytes += size;
    stats.bytes = currentBytes + olderBytes;
  };
  const get = (key: string): CachedSlice | undefined => {
    const hit = current.get(key);
    if (hit) return hit;
    const old = older.get(key);
    if (old) put(key, old);
    return old;
  };
  return new Proxy({} as Record<string, CachedSlice | undefined>, {
    get: (_t, key) => (typeof key === 'string' ? get(key) : undefined),
    has: (_t, key) => typeof key === 'string' && (current.has(key) || older.has(key)),
    set: (_t, key, value: CachedSlice) => {
      if (typeof key === 'string' && !current.has(key)) {
        put(key, value);
        stats.stored++;
      }
      return true;
    },
  });
}

/**
 * Enables a bounded delta-base cache on every pack index isomorphic-git has
 * loaded into `cache` so far (idempotent; call after reads, it is cheap).
 *
 * @param cache - the isomorphic-git `cache` object shared by all reads of one repository
 * @param stats - counters to update (create one per repository)
 * @param maxBytes - bound on the resolved-object bytes kept per pack (default 256 MiB)
 */
export async function enableDeltaBaseCache(
  cache: object,
  stats: DeltaBaseCacheStats,
  maxBytes = 256 * 1024 * 1024,
): Promise<void> {
  const key = Object.getOwnPropertySymbols(cache).find((s) => s.description === 'PackfileCache');
  if (!key) return;
  const packs = (cache as Record<symbol, unknown>)[key];
  if (!(packs instanceof Map)) return;
  for (const pending of packs.values()) {
    let p: unknown;
    try {
      p = await pending;
    } catch {
      continue;
    }
    if (!p || typeof p !== 'object' || patched.has(p) || !('offsetCache' in p)) continue;
    const index = p as PackIndexLike;
    Object.defineProperty(index, 'readDepth', { configurable: true, get: () => 4, set: () => undefined });
    index.offsetCache = boundedOffsetCache(maxBytes, stats);
    patched.add(p);
    stats.packs++;
  }
}

/**
 * Fresh counters for {@link enableDeltaBaseCache}.
 */
export function deltaBaseCacheStats(): DeltaBaseCacheStats {
  return { packs: 0, stored: 0, evicted: 0, bytes: 0 };
}

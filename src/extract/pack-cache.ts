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
 * that always passes the test and an `offsetCache` bounded by bytes (first
 * in, first out). Cached values are `{ type, object }` records whose buffers
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
  /** Objects evicted to stay under the byte bound. */
  evicted: number;
  /** Bytes currently held. */
  bytes: number;
}

const patched = new WeakSet<object>();

function boundedOffsetCache(maxBytes: number, stats: DeltaBaseCacheStats): Record<string, CachedSlice | undefined> {
  const map = new Map<string, CachedSlice>();
  return new Proxy({} as Record<string, CachedSlice | undefined>, {
    get: (_t, key) => (typeof key === 'string' ? map.get(key) : undefined),
    has: (_t, key) => typeof key === 'string' && map.has(key),
    set: (_t, key, value: CachedSlice) => {
      if (typeof key !== 'string' || map.has(key)) return true;
      map.set(key, value);
      stats.stored++;
      stats.bytes += value.object.byteLength;
      while (stats.bytes > maxBytes && map.size > 1) {
        const [oldKey, old] = map.entries().next().value!;
        map.delete(oldKey);
        stats.bytes -= old.object.byteLength;
        stats.evicted++;
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

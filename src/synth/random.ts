/**
 * Seeded randomness for the synthetic corpus: a deterministic generator per
 * labelled stream, the handful of distributions the corpus is drawn from,
 * and two weighted samplers (a static alias table and a dynamic Fenwick tree).
 *
 * Determinism: every stream is `xoroshiro128+` (from `pure-rand`) seeded with
 * the first 128 bits of `SHA-256("dsq-synth\0<seed>\0<label>\0...")`, so the
 * same seed and labels give the same numbers on every platform and Node
 * version, and streams with different labels (one per repository, one for
 * the population, ...) are independent of each other and of the order in
 * which they are consumed.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** A seeded random stream with the distributions the generator uses. */
export class Rng {
  private readonly gen: RandomGenerator;
  private spareNormal: number | undefined;

  /**
   * @param state - four 32-bit integers, not all zero (see {@link Rng.stream})
   */
  constructor(state: readonly number[]) {
    this.gen = xoroshiro128plusFromState(state);
  }

  /**
   * The stream for a seed and a list of labels, e.g. `Rng.stream(42, 'repo', 17)`.
   *
   * @param seed - corpus seed (any integer)
   * @param labels - stream labels; different labels give independent streams
   */
  static stream(seed: number, ...labels: readonly (string | number)[]): Rng {
    const digest = createHash('sha256').update(['dsq-synth', seed, ...labels].join('\0')).digest();
    const state: number[] = [digest.readInt32LE(0), digest.readInt32LE(4), digest.readInt32LE(8), digest.readInt32LE(12)];
    if (!state.some((s) => s !== 0)) state[0] = 1;
    return new Rng(state);
  }

  /** Uniform float in [0, 1), 53 random bits. */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /**
   * Uniform integer in [0, n).
   *
   * @param n - exclusive upper bound, a positive integer
   */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /**
   * Uniform float in [a, b).
   *
   * @param a - lower bound
   * @param b - upper bound
   */
  range(a: number, b: number): number {
    return a + (b - a) * this.float();
  }

  /**
   * True with probability `p`.
   *
   * @param p - probability in [0, 1]
   */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal variate (Box-Muller, pairs cached). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Log-normal variate given its median and the standard deviation of its log.
   *
   * @param median - median, `exp(mu)`
   * @param sigma - standard deviation of `ln X`
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * Exponential variate.
   *
   * @param mean - mean (1 / rate)
   */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /**
   * Pareto (type I) variate: `P(X > x) = (xm / x)^alpha` for `x >= xm`.
   *
   * @param xm - scale (minimum value)
   * @param alpha - tail index; smaller is heavier
   */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.float(), 1 / alpha);
  }

  /**
   * Gamma variate with scale 1 (Marsaglia-Tsang), mean `shape`.
   *
   * @param shape - shape k > 0
   */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * A uniformly chosen element.
   *
   * @param items - non-empty list
   */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /**
   * An element chosen with probability proportional to its weight (linear
   * scan; for short lists).
   *
   * @param items - `[item, weight]` pairs, weights >= 0 with a positive sum
   */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.float() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /**
   * Shuffles a list in place (Fisher-Yates) and returns it.
   *
   * @param items - list to shuffle
   */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation,
 * relative error below 1.2e-9), used to place repository sizes at exact
 * log-normal quantiles.
 *
 * @param p - probability in (0, 1)
 * @throws {RangeError} when `p` is outside (0, 1)
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Splits an integer total into parts proportional to weights (largest
 * remainder method), so the parts sum to exactly `total`.
 *
 * @param total - non-negative integer to split
 * @param weights - non-negative weights with a positive sum
 * @returns one non-negative integer per weight, summing to `total`
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) throw new RangeError('apportion: weights must have a positive sum');
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1;
  return out;
}

/**
 * Static weighted sampler (Vose's alias method): O(n) to build, O(1) per draw.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  /**
   * @param weights - non-negative weights with a positive sum
   * @throws {RangeError} when the weights are empty or sum to zero
   */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i]!;
    if (n === 0 || !(sum > 0)) throw new RangeError('AliasTable: weights must be non-empty with a positive sum');
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / sum;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /**
   * Draws an index with probability proportional to its weight.
   *
   * @param rng - random stream
   */
  sample(rng: Rng): number {
    const u = rng.float() * this.prob.length;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

/**
 * Dynamic weighted sampler over slots 0..n-1 (a Fenwick tree): set a slot's
 * weight or draw a slot proportionally to weight in O(log n). Weights should
 * be integers so repeated updates accumulate no rounding error; capacity
 * grows as slots are used.
 */
export class WeightedBag {
  private tree: Float64Array;
  private weights: Float64Array;
  private size: number;
  /** Sum of all weights. */
  total = 0;

  /** @param capacity - initial number of slots */
  constructor(capacity = 64) {
    this.size = Math.max(1, capacity);
    this.tree = new Float64Array(this.size + 1);
    this.weights = new Float64Array(this.size);
  }

  /**
   * Weight of a slot (0 for slots never set).
   *
   * @param i - slot
   */
  get(i: number): number {
    return i < this.size ? this.weights[i]! : 0;
  }

  /**
   * Sets a slot's weight.
   *
   * @param i - slot, >= 0
   * @param w - new weight, >= 0
   */
  set(i: number, w: number): void {
    if (i >= this.size) this.grow(i + 1);
    const delta = w - this.weights[i]!;
    if (delta === 0) return;
    this.weights[i] = w;
    this.total += delta;
    for (let k = i + 1; k <= this.size; k += k & -k) this.tree[k] = this.tree[k]! + delta;
  }

  /**
   * Draws a slot with probability proportional to its weight.
   *
   * @param rng - random stream
   * @returns the slot, or -1 when every weight is zero
   */
  sample(rng: Rng): number {
    if (!(this.total > 0)) return -1;
    let r = rng.float() * this.total;
    let pos = 0;
    let step = 1;
    while (step * 2 <= this.size) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && this.tree[next]! <= r) {
        pos = next;
        r -= this.tree[next]!;
      }
    }
    // pos is the number of slots whose cumulative weight is <= r: slot `pos` holds r.
    // Guard against landing on a zero-weight slot through rounding at the edges.
    if (pos >= this.size || this.weights[pos] === 0) {
      for (let j = Math.min(pos, this.size - 1); j >= 0; j--) if (this.weights[j]! > 0) return j;
      return -1;
    }
    return pos;
  }

  private grow(min: number): void {
    let size = this.size;
    while (size < min) size *= 2;
    const weights = new Float64Array(size);
    weights.set(this.weights);
    const tree = new Float64Array(size + 1);
    for (let i = 0; i < size; i++) {
      const k = i + 1;
      tree[k] = tree[k]! + weights[i]!;
      const parent = k + (k & -k);
      if (parent <= size) tree[parent] = tree[parent]! + tree[k]!;
    }
    this.size = size;
    this.weights = weights;
    this.tree = tree;
  }
}

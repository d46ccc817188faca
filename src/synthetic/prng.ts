/**
 * A small seeded pseudo-random generator, written here so the synthetic data set needs no dependency
 * and stays identical across Node versions and machines (Math.random cannot be seeded).
 *
 * Every entity family draws from its own stream, derived from (seed, label): the CTG of EPCI 200044253
 * uses the stream "convention:200044253", and so on. A stream consumes numbers only for its own entity,
 * so the same seed gives the same CTG for an EPCI whether it is generated alone (small scale) or with
 * the whole country, and a change in one family of rows does not reshuffle all the others.
 */

/** 32-bit FNV-1a of a string, finished with MurmurHash3's mixer so close labels give distant seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32 (Tommy Ettinger): 32 bits of state, uniform floats in [0, 1), good enough for test data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [0, 1) for (seed, label), without keeping a stream: used to rank territories. */
export function hashUnit(seed: number, label: string): number {
  return hashString(`${seed}:${label}`) / 4294967296;
}

export class Rng {
  private constructor(private readonly source: () => number) {}

  /** The stream of one entity (see the module comment). */
  static stream(seed: number, label: string): Rng {
    return new Rng(mulberry32(hashString(`${seed}:${label}`)));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.source();
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.source();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.source() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.source() < probability;
  }

  /** Rounds up or down at random so that the mean is `expected`: 2.3 gives 3 three times in ten. */
  count(expected: number): number {
    const whole = Math.floor(expected);
    return whole + (this.source() < expected - whole ? 1 : 0);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.source() * items.length)];
  }

  /** One item, with probability proportional to its weight (weights >= 0, not all zero). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weight(item);
    if (items.length === 0 || total <= 0) throw new Error("weighted pick without weight");
    let target = this.source() * total;
    for (const item of items) {
      target -= weight(item);
      if (target < 0) return item;
    }
    return items[items.length - 1];
  }

  /** `k` distinct items, each draw proportional to weight among those left (order of the draws). */
  sampleWeighted<T>(items: readonly T[], k: number, weight: (item: T) => number): T[] {
    const left = items.filter((item) => weight(item) > 0);
    const chosen: T[] = [];
    while (chosen.length < k && left.length > 0) {
      const item = this.weighted(left, weight);
      chosen.push(item);
      left.splice(left.indexOf(item), 1);
    }
    return chosen;
  }

  /** `k` distinct items, uniformly (partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.source() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

/**
 * Low-discrepancy flags for the decisions that drive the number of conventions (does this EPCI have a
 * CTG, is it a renewal). Territories are ranked once by a hash of the seed; the territory of rank r gets
 * the value frac(offset + r·α) for an irrational α, which fills [0, 1) evenly along any prefix of the
 * ranking. A scale takes a prefix, so 1 % and 10 % of the territories get 85 % of CTGs each, give or
 * take one, where independent coin flips would wobble by several points on a dozen territories.
 */
export function evenlySpread(rank: number, alpha: number, offset: number): number {
  const value = offset + rank * alpha;
  return value - Math.floor(value);
}

/** Irrational steps for `evenlySpread` (golden ratio, square root of 2), one per decision. */
export const GOLDEN_STEP = (Math.sqrt(5) - 1) / 2;
export const SQRT2_STEP = Math.SQRT2 - 1;

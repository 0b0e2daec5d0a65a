/**
 * Deterministic "randomness" for the SIASN stand-in: the same world always renders the same ids, the same blanks and
 * the same shuffled order, so that tests are exact and a demo looks the same on every start.
 */
import { createHash } from 'node:crypto';

/** A SIASN-style opaque id (32 upper-case hex characters, like SIASN's Oracle GUIDs) derived from `parts`. */
export function opaqueId(...parts: readonly string[]): string {
  return digest(parts).slice(0, 32).toUpperCase();
}

/** An unsigned 32-bit number derived from `parts`. */
export function hash32(...parts: readonly string[]): number {
  return Number.parseInt(digest(parts).slice(0, 8), 16);
}

/** A copy of `items` in an order that depends only on `seed` (Fisher-Yates driven by mulberry32). */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const next = mulberry32(hash32(seed));
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

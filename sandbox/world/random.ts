/**
 * A small seeded pseudo-random generator for the demo world. The world must be the same on every run and every
 * machine (tests assert on it, stand-ins in one process must agree), so nothing here touches `Math.random` or the clock.
 *
 * The core is sfc32 (Chris Doty-Humphrey's Small Fast Counter, 32-bit), seeded through splitmix32 so that nearby seeds
 * (7 and 8) give unrelated streams. `fork(label)` derives an independent stream per part of the world: adding people to
 * one part then does not reshuffle every other part.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    let state = seed | 0;
    const next = (): number => {
      // splitmix32
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return z ^ (z >>> 16);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // sfc32 wants a few rounds before its output is well mixed.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** An independent stream for one part of the world, determined by this stream's seed and the label only. */
  fork(label: string): Random {
    return new Random((this.seed ^ fnv1a(label)) >>> 0);
  }

  /**
   * A float in [0, 1): one sfc32 step. The state is kept as signed 32-bit integers (`| 0`) rather than unsigned
   * (`>>> 0`): same bits, but V8 keeps them as small integers instead of boxing every value above 2^31. The world is
   * generated once per test process, before the JIT has warmed up, so such details decide whether it takes 0.2 s or 0.5 s.
   */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    return this.next() * 0x1_0000_0000;
  }

  /** An integer in [min, max], both included; the bounds must be integers less than 2^31 apart. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): min must not exceed max`);
    return min + ((this.next() * (max - min + 1)) | 0);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. Throws on an empty array: a generator bug, not a situation to paper over. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty array');
    return items[(this.next() * items.length) | 0] as T;
  }

  /** One value, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    // Indexed loops: this runs tens of thousands of times per world, and destructuring for-of allocates when cold.
    let total = 0;
    for (let i = 0; i < entries.length; i++) total += (entries[i] as readonly [T, number])[1];
    if (!(total > 0)) throw new RangeError('weighted() needs at least one positive weight');
    let roll = this.next() * total;
    let last: readonly [T, number] | undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as readonly [T, number];
      if (entry[1] <= 0) continue;
      last = entry;
      roll -= entry[1];
      if (roll < 0) return entry[0];
    }
    // Floating-point leftovers: the last entry with weight.
    return (last as readonly [T, number])[0];
  }

  /** A shuffled copy (Fisher-Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = (this.next() * (i + 1)) | 0;
      const held = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = held;
    }
    return copy;
  }

  /** `n` lowercase hexadecimal characters. */
  hex(n: number): string {
    let out = '';
    for (let left = n; left > 0; left -= 8) out += this.hex8().slice(0, Math.min(8, left));
    return out;
  }

  /** Eight hex digits from one 32-bit draw, by byte table rather than `toString(16)` (cheaper before JIT warm-up). */
  private hex8(): string {
    const n = this.nextUint32();
    return (
      (HEX_BYTES[(n >>> 24) & 0xff] as string) +
      (HEX_BYTES[(n >>> 16) & 0xff] as string) +
      (HEX_BYTES[(n >>> 8) & 0xff] as string) +
      (HEX_BYTES[n & 0xff] as string)
    );
  }

  /** `n` decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let out = '';
    while (out.length < n) out += String(this.nextUint32() % 1_000_000_000).padStart(9, '0');
    return out.slice(0, n);
  }

  /** A UUID with the version-4 and RFC 4122 variant bits set, drawn from this stream (so deterministic). */
  uuid(): string {
    const a = this.hex8();
    const b = this.hex8();
    const c = this.hex8();
    const d = this.hex8();
    const variant = '89ab'.charAt(parseInt(c.charAt(0), 16) & 0x3);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }
}

const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 32-bit FNV-1a of a string's UTF-16 code units: enough to turn a label into a seed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

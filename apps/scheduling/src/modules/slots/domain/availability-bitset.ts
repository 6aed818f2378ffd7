/**
 * Fixed-size bitsets over the slot grid, one bit per cell, 32 cells per Uint32Array word.
 * Bit i lives in word i >>> 5 at position i & 31. Bits at or past `size` are always 0, which the
 * window operation relies on.
 */
export class AvailabilityBitset {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): AvailabilityBitset {
    const set = new AvailabilityBitset(size);
    set.setRange(0, size);
    return set;
  }

  copy(): AvailabilityBitset {
    const twin = new AvailabilityBitset(this.size);
    twin.words.set(this.words);
    return twin;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** Sets bits [from, to), clamped to the set. */
  setRange(from: number, to: number): void {
    this.fill(Math.max(0, from), Math.min(this.size, to), true);
  }

  clearRange(from: number, to: number): void {
    this.fill(Math.max(0, from), Math.min(this.size, to), false);
  }

  private fill(from: number, to: number, on: boolean): void {
    if (from >= to) {
      return;
    }
    const words = this.words;
    const first = from >>> 5;
    const last = (to - 1) >>> 5;
    for (let w = first; w <= last; w++) {
      const lo = w === first ? from & 31 : 0;
      const hi = w === last ? ((to - 1) & 31) + 1 : 32;
      const mask = hi === 32 ? (0xffffffff << lo) >>> 0 : (((1 << hi) - 1) & (0xffffffff << lo)) >>> 0;
      words[w] = on ? (words[w] | mask) >>> 0 : (words[w] & ~mask) >>> 0;
    }
  }

  and(other: AvailabilityBitset): this {
    const a = this.words;
    const b = other.words;
    for (let w = 0; w < a.length; w++) {
      a[w] = a[w] & b[w];
    }
    return this;
  }

  or(other: AvailabilityBitset): this {
    const a = this.words;
    const b = other.words;
    for (let w = 0; w < a.length; w++) {
      a[w] = a[w] | b[w];
    }
    return this;
  }

  isEmpty(): boolean {
    const a = this.words;
    for (let w = 0; w < a.length; w++) {
      if (a[w] !== 0) {
        return false;
      }
    }
    return true;
  }

  count(): number {
    let total = 0;
    const a = this.words;
    for (let w = 0; w < a.length; w++) {
      let v = a[w];
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return total;
  }

  /**
   * In place: bit i stays set only if bits i … i + length − 1 were all set, i.e. a meeting of
   * `length` cells can start at cell i. Doubling shifts: O(words × log2(length)).
   */
  windowStarts(length: number): this {
    let covered = 1;
    while (covered < length) {
      const shift = Math.min(covered, length - covered);
      this.andShifted(shift);
      covered += shift;
    }
    return this;
  }

  /** bit[i] &= bit[i + shift]. Ascending words read only words not yet rewritten. */
  private andShifted(shift: number): void {
    const a = this.words;
    const n = a.length;
    const wordShift = shift >>> 5;
    const bitShift = shift & 31;
    for (let w = 0; w < n; w++) {
      const lo = w + wordShift < n ? a[w + wordShift] : 0;
      let shifted: number;
      if (bitShift === 0) {
        shifted = lo;
      } else {
        const hi = w + wordShift + 1 < n ? a[w + wordShift + 1] : 0;
        shifted = (lo >>> bitShift) | (hi << (32 - bitShift));
      }
      a[w] = (a[w] & shifted) >>> 0;
    }
  }

  /** Index of the first set bit at or after `from`, or −1. */
  nextSetBit(from: number): number {
    if (from >= this.size) {
      return -1;
    }
    const a = this.words;
    let w = from >>> 5;
    let word = (a[w] & (0xffffffff << (from & 31))) >>> 0;
    while (word === 0) {
      w++;
      if (w >= a.length) {
        return -1;
      }
      word = a[w]!;
    }
    return (w << 5) + (31 - Math.clz32(word & -word));
  }
}

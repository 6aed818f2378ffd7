import { AvailabilityBitset } from './availability-bitset.js';

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bits = (set: AvailabilityBitset): boolean[] => Array.from({ length: set.size }, (_, i) => set.has(i));

describe(AvailabilityBitset.name, () => {
  it('sets and clears ranges across word boundaries like a boolean array', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = prng(seed);
      const size = 1 + Math.floor(random() * 300);
      const set = new AvailabilityBitset(size);
      const model = new Array<boolean>(size).fill(false);
      for (let op = 0; op < 200; op++) {
        const from = Math.floor(random() * (size + 10)) - 5;
        const to = from + Math.floor(random() * 80);
        const on = random() < 0.6;
        if (on) {
          set.setRange(from, to);
        } else {
          set.clearRange(from, to);
        }
        for (let i = Math.max(0, from); i < Math.min(size, to); i++) {
          model[i] = on;
        }
      }
      expect(bits(set)).toEqual(model);
      expect(set.count()).toBe(model.filter(Boolean).length);
    }
  });

  it('keeps the starts of every run of `length` set bits', () => {
    for (const seed of [7, 8, 9]) {
      const random = prng(seed);
      const size = 200 + Math.floor(random() * 200);
      const base = new AvailabilityBitset(size);
      for (let i = 0; i < size; i++) {
        if (random() < 0.85) {
          base.setRange(i, i + 1);
        }
      }
      const model = bits(base);
      for (const length of [1, 2, 3, 4, 5, 8, 31, 32, 33, 40]) {
        const expected = model.map((_, i) => i + length <= size && model.slice(i, i + length).every(Boolean));
        expect(bits(base.copy().windowStarts(length))).toEqual(expected);
      }
    }
  });

  it('finds the next set bit and combines sets', () => {
    const a = new AvailabilityBitset(100);
    a.setRange(31, 33);
    a.setRange(95, 100);
    expect([a.nextSetBit(0), a.nextSetBit(32), a.nextSetBit(33), a.nextSetBit(99), a.nextSetBit(100)]).toEqual([
      31, 32, 95, 99, -1,
    ]);
    const b = AvailabilityBitset.full(100);
    b.clearRange(0, 32);
    expect(bits(b.copy().and(a)).flatMap((on, i) => (on ? [i] : []))).toEqual([32, 95, 96, 97, 98, 99]);
    expect(new AvailabilityBitset(100).or(a).count()).toBe(7);
    expect(new AvailabilityBitset(10).isEmpty()).toBe(true);
  });
});

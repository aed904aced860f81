// The bounded cache under the prepared statements and the query shapes: a
// list's shape depends on its query string (each distinct limit is one), so
// without a bound a caller could make the process keep shapes without end.
import { describe, expect, it } from 'vitest';
import { SecondChanceCache } from '../src/database/second-chance.cache.js';

describe('SecondChanceCache', () => {
  it('never holds more than its capacity, however many keys come', () => {
    const cache = new SecondChanceCache<number, string>(8);
    for (let key = 0; key < 1000; key++) {
      cache.set(key, `value ${key}`);
      expect(cache.size).toBeLessThanOrEqual(8);
    }
    expect(cache.get(999)).toBe('value 999');
    expect(cache.get(0)).toBeUndefined();
  });

  it('drops the oldest entry not used since it was last passed over, and keeps one in use', () => {
    const cache = new SecondChanceCache<string, number>(3);
    cache.set('hot', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('hot')).toBe(1);
    cache.set('d', 4);
    // 'hot' was used: it gets a second chance, and 'b', the oldest unused, goes.
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('hot'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
    // Every entry used: one pass clears the marks, then the oldest ('c', kept longest) goes.
    cache.set('e', 5);
    expect(cache.size).toBe(3);
    expect(cache.get('e')).toBe(5);
    expect(cache.get('c')).toBeUndefined();
    expect([cache.get('hot'), cache.get('d')]).toEqual([1, 4]);
  });

  it('replaces the value of a key it holds without dropping another', () => {
    const cache = new SecondChanceCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([10, 2, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { TokenCache } from '../src/auth/token-cache.js';

const grant = (projectId: string) => ({ projectId, roles: ['member'] });

describe('TokenCache', () => {
  it('keeps a token until its TTL, and never past its expiry', () => {
    let now = 1_000_000;
    const cache = new TokenCache(10, 5_000, () => now);
    cache.set('long-lived', grant('a'), now + 3_600_000);
    cache.set('expiring', grant('b'), now + 2_000);
    now += 1_999;
    expect(cache.get('expiring')).toEqual(grant('b'));
    now += 1;
    expect(cache.get('expiring')).toBeUndefined();
    expect(cache.get('long-lived')).toEqual(grant('a'));
    now += 3_000;
    expect(cache.get('long-lived')).toBeUndefined(); // the TTL: a revoked token stops working
  });

  it('is bounded, dropping the least recently used token', () => {
    const cache = new TokenCache(2, 60_000);
    cache.set('t1', grant('1'), Date.now() + 60_000);
    cache.set('t2', grant('2'), Date.now() + 60_000);
    expect(cache.get('t1')).toEqual(grant('1')); // t2 is now the least recently used
    cache.set('t3', grant('3'), Date.now() + 60_000);
    expect(cache.size).toBe(2);
    expect(cache.get('t2')).toBeUndefined();
    expect(cache.get('t1')).toEqual(grant('1'));
    expect(cache.get('t3')).toEqual(grant('3'));
  });

  it('caches nothing with a TTL or size of 0, or an already expired token', () => {
    const now = Date.now();
    const noTtl = new TokenCache(10, 0);
    noTtl.set('t', grant('a'), now + 60_000);
    expect(noTtl.get('t')).toBeUndefined();
    const noRoom = new TokenCache(0, 60_000);
    noRoom.set('t', grant('a'), now + 60_000);
    expect(noRoom.get('t')).toBeUndefined();
    const cache = new TokenCache(10, 60_000);
    cache.set('t', grant('a'), now - 1);
    expect(cache.size).toBe(0);
  });
});

// Sealing a psk: AES-GCM must never use an IV twice under one key, so every seal
// takes a new one, also past the end of the buffer of random bytes the IVs come
// from; and every sealed value opens to its psk again.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PskSealer } from '../src/common/psk-sealer.js';

describe('PskSealer', () => {
  it('seals with a new IV every time, past a refill of its random bytes, and each value opens', () => {
    const key = randomBytes(32);
    const sealer = new PskSealer(key);
    const sealed = Array.from({ length: 1000 }, (_, index) =>
      sealer.seal('same-psk-1', `connection-${index}`),
    );
    const ivs = sealed.map((value) => value.split('*')[2]);
    expect(new Set(ivs).size).toBe(sealed.length);
    for (const iv of ivs) expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    // Opened by a sealer of its own, so that nothing comes from the first one's cache.
    const opener = new PskSealer(key);
    sealed.forEach((value, index) => {
      expect(opener.open(value, `connection-${index}`)).toBe('same-psk-1');
    });
  });
});

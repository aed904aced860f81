// A bounded cache of validated tokens: an entry lives until the token expires or
// the TTL runs out, whichever is first (so a revoked token stops working within
// the TTL); when full, the least recently used entry goes.
import type { Grant } from './authenticator.js';

export class TokenCache {
  private readonly entries = new Map<string, { grant: Grant; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Grant | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(token, entry); // now the most recently used
    return entry.grant;
  }

  set(token: string, grant: Grant, expiresAt: number): void {
    const until = Math.min(expiresAt, this.now() + this.ttlMs);
    if (this.maxEntries === 0 || until <= this.now()) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(token, { grant, until });
  }

  get size(): number {
    return this.entries.size;
  }
}

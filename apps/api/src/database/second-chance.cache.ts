// A bounded map for caches on the hot path: the prepared statements and the
// query shapes. When full, it drops the oldest entry not used since it was last
// passed over ("second chance"): a hit only marks its entry, where moving it to
// the end of the map (a true LRU) cost a delete and an insert on every query.

export class SecondChanceCache<K, V> {
  private readonly entries = new Map<K, { value: V; used: boolean }>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.used = true;
    return entry.value;
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) this.makeRoom();
    this.entries.set(key, { value, used: false });
  }

  get size(): number {
    return this.entries.size;
  }

  private makeRoom(): void {
    for (const [key, entry] of this.entries) {
      this.entries.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.entries.set(key, entry);
    }
  }
}

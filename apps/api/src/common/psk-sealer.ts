// Pre-shared keys are stored sealed: AES-256-GCM under the configured key, with
// the connection's id as associated data (a sealed psk copied onto another row
// does not open). A sealed value is `v1*<key id>*<iv>*<ciphertext+tag>`; a psk
// can never contain '*', so a value without it is a plaintext psk of an older
// version, sealed at start-up.
import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';

const VERSION = 'v1';
/**
 * IVs are taken from one buffer of random bytes, refilled when used up: each
 * `randomBytes(12)` cost 6.3 µs (a call into OpenSSL per IV), an IV from the
 * buffer 0.24 µs. Each IV is used once, and comes from the same generator as before.
 */
const IV_BYTES = 12;
const IVS_PER_FILL = 256;
/**
 * Opened psks kept, one per connection with the sealed value it came from: a
 * list of 100 connections opened 100 psks per page. Keeping them in memory
 * exposes nothing new: this process holds the key that opens every one of them anyway.
 */
const OPENED_CACHE_SIZE = 4096;

export class PskSealer {
  private readonly current: { id: string; key: Buffer };
  private readonly keys = new Map<string, Buffer>();
  /** By connection id: the sealed value last opened for it, and its psk. */
  private readonly opened = new Map<string, { readonly sealed: string; readonly psk: string }>();
  private readonly ivs = Buffer.alloc(IV_BYTES * IVS_PER_FILL);
  private ivsUsed = IVS_PER_FILL;

  /** `key` seals and opens; `previous` keys only open. */
  constructor(key: Buffer, previous: readonly Buffer[] = []) {
    this.current = { id: keyId(key), key };
    for (const each of [key, ...previous]) this.keys.set(keyId(each), each);
  }

  seal(psk: string, connectionId: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(connectionId));
    const body = Buffer.concat([cipher.update(psk, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    // Built on currentPrefix: the start-up query that finds psks to seal again compares exactly that.
    return `${this.currentPrefix}${iv.toString('base64url')}*${body.toString('base64url')}`;
  }

  private nextIv(): Buffer {
    if (this.ivsUsed === IVS_PER_FILL) {
      randomFillSync(this.ivs);
      this.ivsUsed = 0;
    }
    const start = IV_BYTES * this.ivsUsed++;
    // A view, not a copy: seal() has used it (the cipher keeps its own) before the buffer is refilled.
    return this.ivs.subarray(start, start + IV_BYTES);
  }

  open(stored: string, connectionId: string): string {
    if (!isSealed(stored)) return stored;
    // Keyed by the id, a short key, rather than by id and sealed value joined: the cached psk
    // stands only while the connection's sealed value is the same (an update seals anew).
    const cached = this.opened.get(connectionId);
    if (cached?.sealed === stored) return cached.psk;
    const psk = this.decrypt(stored, connectionId);
    if (this.opened.size >= OPENED_CACHE_SIZE) this.opened.clear();
    this.opened.set(connectionId, { sealed: stored, psk });
    return psk;
  }

  private decrypt(stored: string, connectionId: string): string {
    const [version, id, iv, body] = stored.split('*') as [string, string, string, string];
    const key = this.keys.get(id);
    if (version !== VERSION || !key) throw new UnknownSealingKeyError(id);
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(connectionId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  }

  /**
   * How every value sealed with the current key begins. A stored value that
   * does not begin so is plaintext or sealed with a previous key: it is sealed
   * again at start-up (the query that finds those rows compares this prefix).
   */
  get currentPrefix(): string {
    return `${VERSION}*${this.current.id}*`;
  }
}

export class UnknownSealingKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `a pre-shared key is sealed with key ${keyId}, which is neither VPNAAS_SECRET_KEY nor one of VPNAAS_SECRET_KEY_PREVIOUS`,
    );
  }
}

function isSealed(stored: string): boolean {
  return stored.includes('*');
}

/** A short, non-secret name of a key: the first 8 hex digits of its SHA-256. */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

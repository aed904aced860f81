// The key that seals pre-shared keys at rest: VPNAAS_SECRET_KEY, or the file
// VPNAAS_SECRET_KEY_FILE names, or else a key generated on first start into
// the data dir (mode 0600). VPNAAS_SECRET_KEY_PREVIOUS lists keys that only
// open (for rotation: rows sealed with them are sealed again at start-up).
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A 256-bit AES key, given as 64 hex digits or 44 characters of base64. */
export function parseSecretKey(text: string, variable: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/]{43}=$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (key?.length !== 32) {
    throw new Error(
      `${variable} must be a 256-bit key: 64 hex digits or 44 characters of base64 (openssl rand -base64 32)`,
    );
  }
  return key;
}

/** Reads the key file; without one, creates it (0600, never overwritten) with a new random key. */
export function keyFromDataDir(dataDir: string): Buffer {
  const path = join(dataDir, 'secret.key');
  if (!existsSync(path)) {
    try {
      // 'wx': of two processes starting together, one writes the key and the other reads it.
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
      closeSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseSecretKey(readFileSync(path, 'utf8'), path);
}

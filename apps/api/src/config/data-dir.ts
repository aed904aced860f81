// The data dir (VPNAAS_DATA_DIR) holds the SQLite database and the generated
// secret key: created owner-only (0700). Created one level at a time, since a
// recursive mkdir under a path such as /proc spins forever on Node 20.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function prepareDataDir(dir: string): void {
  const missing: string[] = [];
  let existing = dir;
  while (!exists(existing)) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!statSync(existing).isDirectory()) {
    throw new Error(`VPNAAS_DATA_DIR: ${existing} is not a directory (data dir ${dir})`);
  }
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      throw new Error(
        `VPNAAS_DATA_DIR: cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

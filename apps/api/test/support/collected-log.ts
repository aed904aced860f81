// A log destination for tests that keeps every line as the service wrote it.
import { Writable } from 'node:stream';

export function collectedLog() {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      written.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { written, destination };
}

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
  return {
    written,
    destination,
    /** Every line so far, parsed, without pino's per-process fields (time, pid, hostname). */
    lines(): Record<string, any>[] {
      return written
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const { time: _time, pid: _pid, hostname: _hostname, ...rest } = JSON.parse(line);
          return rest;
        });
    },
  };
}

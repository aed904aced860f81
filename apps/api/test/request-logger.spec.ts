// request.log is made on first use (lazyRequestLogger): the lines it writes must
// still carry the request id and stay redacted like every other line.
import { describe, expect, it } from 'vitest';
import { createLogger, lazyRequestLogger } from '../src/common/pino.logger.js';

function collectingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe("a request's lazy logger", () => {
  it('writes nothing until used, then lines with the request id and the psk redacted', () => {
    const { logger, lines } = collectingLogger();
    const requestLog = lazyRequestLogger(logger, { reqId: 'req-42' }, {});
    expect(lines).toEqual([]);
    requestLog.warn({ psk: 'secret-psk-value' }, 'something odd');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, reqId: 'req-42', psk: '[REDACTED]', msg: 'something odd' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-psk-value');
  });

  it("keeps the parent's level, and its children keep the request id", () => {
    const { logger, lines } = collectingLogger();
    const requestLog = lazyRequestLogger(logger, { reqId: 'req-7' }, {});
    expect(requestLog.level).toBe('info');
    requestLog.debug('below the level');
    requestLog.child({ step: 'parse' }).error('failed');
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, reqId: 'req-7', step: 'parse', msg: 'failed' }),
    ]);
  });

  it('writes each level at its pino level, nothing when silent, and follows a changed level', () => {
    const { logger, lines } = collectingLogger();
    const requestLog = lazyRequestLogger(logger, { reqId: 'req-9' }, {});
    requestLog.trace('too fine');
    requestLog.info('info');
    requestLog.fatal('fatal');
    requestLog.silent('never');
    requestLog.level = 'trace';
    requestLog.trace('now kept');
    expect(requestLog.level).toBe('trace');
    expect(lines.map((line) => [line.level, line.msg, line.reqId])).toEqual([
      [30, 'info', 'req-9'],
      [60, 'fatal', 'req-9'],
      [10, 'now kept', 'req-9'],
    ]);
  });
});

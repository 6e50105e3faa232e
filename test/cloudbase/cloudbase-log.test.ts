/**
 * Logs on CloudBase are JSON lines the function log service can index: info on stdout,
 * warnings and errors on stderr, errors and cycles serialised rather than lost.
 */
import { createJsonLogger } from '../../functions/adapters/cloudbase/cloudbase.log';

describe('the CloudBase logger', () => {
  it('writes one JSON line per entry, with its level, time and message', () => {
    const lines: [string, string][] = [];
    const log = createJsonLogger(
      (level, line) => lines.push([level, line]),
      () => '2025-11-17T01:00:00.000Z',
    );
    log.info({ timer: 'outbox.deliver', townId: 'town-a', ms: 12 }, 'timer ran');
    log.warn({ outboxId: 'out_1' });
    expect(lines.map(([level, line]) => [level, JSON.parse(line)])).toEqual([
      [
        'info',
        {
          timer: 'outbox.deliver',
          townId: 'town-a',
          ms: 12,
          level: 'info',
          time: '2025-11-17T01:00:00.000Z',
          msg: 'timer ran',
        },
      ],
      ['warn', { outboxId: 'out_1', level: 'warn', time: '2025-11-17T01:00:00.000Z' }],
    ]);
  });

  it('keeps an error’s message and stack, survives cycles, and never lets fields replace its level', () => {
    const lines: string[] = [];
    const log = createJsonLogger((_level, line) => lines.push(line));
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    log.error({ err: new Error('socket hang up'), cyclic, level: 'info' }, 'push failed');
    const entry = JSON.parse(lines[0]!) as {
      level: string;
      err: { message: string; stack: string };
      cyclic: { self: string };
    };
    expect(entry.level).toBe('error');
    expect(entry.err.message).toBe('socket hang up');
    expect(entry.err.stack).toContain('socket hang up');
    expect(entry.cyclic.self).toBe('[circular]');
  });
});

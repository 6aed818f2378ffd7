import { jest } from '@jest/globals';
import { exitOnUnexpectedErrors, fatalLogLine } from './service-process.js';

/** What TypeORM throws: the query's parameters travel with the error. */
class QueryFailedError extends Error {
  override name = 'QueryFailedError';
  constructor(
    readonly query: string,
    readonly parameters: unknown[],
  ) {
    super('read ECONNRESET');
  }
}

describe('fatal errors of a service process', () => {
  const failure = new QueryFailedError('INSERT INTO "alerts"."persons" VALUES ($1, $2)', ['Ghislaine', '38122400164']);

  it('logs one JSON line with the error and its stack, never the query parameters', () => {
    const line = fatalLogLine('alerts', 'unhandled promise rejection: the process ends', failure);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, string>;
    expect(parsed).toMatchObject({
      level: 'fatal',
      service: 'concerto-alerts',
      error: 'QueryFailedError: read ECONNRESET',
    });
    expect(parsed.stack).toContain('service-process.spec.ts');
    expect(line).not.toContain('Ghislaine');
    expect(line).not.toContain('38122400164');
  });

  it('ends the process (exit 70) on an unhandled rejection, with that line on stderr', () => {
    const rejectionsBefore = process.listeners('unhandledRejection');
    const exceptionsBefore = process.listeners('uncaughtException');
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      exitOnUnexpectedErrors('cases');
      process.emit('unhandledRejection', failure, Promise.resolve());
      expect(exit).toHaveBeenCalledWith(70);
      const line = String(write.mock.calls[0][0]);
      expect(JSON.parse(line)).toMatchObject({
        service: 'concerto-cases',
        msg: 'unhandled promise rejection: the process ends',
      });
      expect(line).not.toContain('Ghislaine');
    } finally {
      exit.mockRestore();
      write.mockRestore();
      process
        .listeners('unhandledRejection')
        .filter((l) => !rejectionsBefore.includes(l))
        .forEach((l) => process.off('unhandledRejection', l));
      process
        .listeners('uncaughtException')
        .filter((l) => !exceptionsBefore.includes(l))
        .forEach((l) => process.off('uncaughtException', l));
    }
  });
});

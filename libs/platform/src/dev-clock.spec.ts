import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '#concerto/config';
import { SystemClock } from '#concerto/ddd';
import { clockFromConfig, DEV_CLOCK_OFFSET_FILE, OffsetFileClock } from './dev-clock.js';

describe('development clock (DEV_CLOCK_CONTROL)', () => {
  let dir: string;
  let clock: OffsetFileClock | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'concerto-dev-clock-'));
  });
  afterEach(() => {
    clock?.stop();
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  // Fake timers drive the clock's refresh, one interval at a time, and freeze real time, so the
  // offset is compared exactly instead of within a tolerance and nothing waits for a refresh.
  const REFRESH_MS = 20;
  const refresh = () => jest.advanceTimersByTime(REFRESH_MS);

  it('runs at real time without a file, then jumps by the offset written into it', () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T08:00:00Z') });
    const file = join(dir, DEV_CLOCK_OFFSET_FILE);
    clock = new OffsetFileClock(file, REFRESH_MS);
    expect(clock.now().getTime()).toBe(Date.now());

    writeFileSync(file, `${25 * 3600_000}\n`);
    refresh();
    expect(clock.now().getTime() - Date.now()).toBe(25 * 3600_000);

    // Garbage keeps the last good offset instead of sending the engine to a nonsense time.
    writeFileSync(file, 'soon');
    refresh();
    expect(clock.offset()).toBe(25 * 3600_000);
    writeFileSync(file, '-5000');
    refresh();
    expect(clock.offset()).toBe(25 * 3600_000);

    writeFileSync(file, '0');
    refresh();
    expect(clock.offset()).toBe(0);
  });

  it('is chosen by configuration, off by default, and refused in production', () => {
    expect(clockFromConfig(loadConfig({ DATA_DIR: dir }))).toBeInstanceOf(SystemClock);
    clock = clockFromConfig(loadConfig({ DATA_DIR: dir, DEV_CLOCK_CONTROL: 'true' })) as OffsetFileClock;
    expect(clock).toBeInstanceOf(OffsetFileClock);
    expect(() => loadConfig({ DEV_CLOCK_CONTROL: 'true', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEV_CLOCK_CONTROL: 'yes' })).toThrow(/DEV_CLOCK_CONTROL/);
  });
});

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
    rmSync(dir, { recursive: true, force: true });
  });

  const waitForRefresh = () => new Promise((r) => setTimeout(r, 60));

  it('runs at real time without a file, then jumps by the offset written into it', async () => {
    const file = join(dir, DEV_CLOCK_OFFSET_FILE);
    clock = new OffsetFileClock(file, 20);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);

    writeFileSync(file, `${25 * 3600_000}\n`);
    await waitForRefresh();
    const ahead = clock.now().getTime() - Date.now();
    expect(ahead).toBeGreaterThan(25 * 3600_000 - 1000);
    expect(ahead).toBeLessThan(25 * 3600_000 + 1000);

    // Garbage keeps the last good offset instead of sending the engine to a nonsense time.
    writeFileSync(file, 'soon');
    await waitForRefresh();
    expect(clock.offset()).toBe(25 * 3600_000);
    writeFileSync(file, '-5000');
    await waitForRefresh();
    expect(clock.offset()).toBe(25 * 3600_000);

    writeFileSync(file, '0');
    await waitForRefresh();
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

import type { DataSource } from 'typeorm';
import type { ConcertoConfig } from '#concerto/config';
import { WorklistFeed } from '../../application/worklist-feed.js';
import { WorklistChangeTailer } from './sql-worklist-change-log.js';

/** A change log whose rows become visible in commit order, not in sequence order. */
function changeLog() {
  const visible: Array<{ seq: string; case_id: string }> = [];
  const query = (sql: string, params: unknown[] = []) => {
    if (sql.includes('max("seq")')) {
      return Promise.resolve([{ max: null }]);
    }
    if (sql.startsWith('DELETE')) {
      return Promise.resolve([[], 0]);
    }
    const [cursor, gaps] = params as [number, number[]];
    return Promise.resolve(
      visible
        .filter((r) => Number(r.seq) > cursor || gaps.includes(Number(r.seq)))
        .sort((a, b) => Number(a.seq) - Number(b.seq))
        .map((r) => ({
          ...r,
          bassin_id: 'nord',
          reference_bassin: 'nord',
          status: 'opened',
          urgency: 'normal',
          owner_id: 'c',
          pending_signals: 1,
          change: 'case.opened',
        })),
    );
  };
  const ds = { manager: { query }, query } as unknown as DataSource;
  return { ds, commit: (seq: number) => visible.push({ seq: String(seq), case_id: `case-${seq}` }) };
}

describe('WorklistChangeTailer', () => {
  it('should publish a change whose sequence number was skipped once its transaction commits, and each change once', async () => {
    const log = changeLog();
    const feed = new WorklistFeed();
    const seen: string[] = [];
    feed.changes.subscribe((c) => seen.push(c.caseId));
    const tailer = new WorklistChangeTailer(log.ds, feed, { WORKLIST_FEED_POLL_MS: 60_000 } as ConcertoConfig);
    await tailer.start();
    try {
      // Transaction 2 took its number before transaction 3 but commits after it.
      log.commit(1);
      log.commit(3);
      await tailer.poll();
      expect(seen).toEqual(['case-1', 'case-3']);
      log.commit(2);
      log.commit(4);
      await tailer.poll();
      await tailer.poll();
      expect(seen).toEqual(['case-1', 'case-3', 'case-2', 'case-4']);
    } finally {
      await tailer.stop();
    }
  });
});

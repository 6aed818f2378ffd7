import { generateCorpus } from '../../bench/matching/corpus.js';
import { scoreCorrelation } from '../../bench/matching/score.js';

/**
 * The targets of issue 15 on a small generated corpus, so that they cannot regress unseen: every
 * alert about a person already seen is joined or proposed (recall >= 0.95), and an automatic join
 * is never to another person (precision 1.0). bench/matching/run.ts measures a larger corpus.
 */
describe('one case per person: correlation on a generated corpus', () => {
  it.each([1, 15, 42])('should meet recall >= 0.95 and automatic-join precision 1.0 (seed %i)', (seed) => {
    const corpus = generateCorpus(seed, 300);
    expect(generateCorpus(seed, 300)).toEqual(corpus); // deterministic
    const score = scoreCorrelation(corpus);
    expect(score.trueMatches).toBeGreaterThan(300);
    expect(score.wrongJoins).toBe(0);
    expect(score.autoJoinPrecision).toBe(1);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });
});

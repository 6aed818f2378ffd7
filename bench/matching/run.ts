/*
 * One case per person (issue 15): recall of true matches (joined or proposed) and precision of
 * automatic joins of the intake's correlation, on a generated corpus. No engine needed.
 *
 *   npx tsc -p bench/matching/tsconfig.json && node dist/bench/matching/run.js [--seed 15] [--persons 2000]
 *
 * Exits 1 below the targets: recall >= 0.95, automatic-join precision 1.0.
 */
import { generateCorpus } from './corpus.js';
import { scoreCorrelation } from './score.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const seed = arg('seed', 15);
const persons = arg('persons', 2000);
const score = scoreCorrelation(generateCorpus(seed, persons));
console.log(JSON.stringify({ seed, persons, ...score }, null, 2));
if (score.recall < 0.95 || score.autoJoinPrecision < 1) {
  console.error('below target: recall >= 0.95 and automatic-join precision 1.0');
  process.exit(1);
}

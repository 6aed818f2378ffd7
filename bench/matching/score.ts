import { InMemoryCorrelation } from '../../apps/alerts/src/modules/intake/domain/person-matching.js';
import { type CorpusAlert } from './corpus.js';

export interface MatchingScore {
  alerts: number;
  /** Alerts about a person already seen: each must be joined to them or proposed. */
  trueMatches: number;
  autoJoined: number;
  proposed: number;
  missed: number;
  /** Automatic joins to another person: must be zero. */
  wrongJoins: number;
  /** Proposals pointing only at other persons (the coordinator rejects them). */
  falseProposals: number;
  recall: number;
  autoJoinPrecision: number;
  missedByVariant: Record<string, number>;
}

/** Runs the correlation over the corpus in order and scores it against the truth. */
export function scoreCorrelation(corpus: CorpusAlert[]): MatchingScore {
  const correlation = new InMemoryCorrelation();
  const truthOf = new Map<string, string>();
  const seen = new Set<string>();
  const s: MatchingScore = {
    alerts: corpus.length,
    trueMatches: 0,
    autoJoined: 0,
    proposed: 0,
    missed: 0,
    wrongJoins: 0,
    falseProposals: 0,
    recall: 0,
    autoJoinPrecision: 0,
    missedByVariant: {},
  };
  let joins = 0;
  for (const alert of corpus) {
    const known = seen.has(alert.truth);
    seen.add(alert.truth);
    const out = correlation.correlate(alert.person);
    if (known) {
      s.trueMatches++;
    }
    if (out.kind === 'joined') {
      joins++;
      if (truthOf.get(out.personId) === alert.truth) {
        s.autoJoined++;
      } else {
        s.wrongJoins++;
      }
      continue;
    }
    truthOf.set(out.personId, alert.truth);
    const right = out.possibleMatches.some((m) => truthOf.get(m.personId) === alert.truth);
    if (known && right) {
      s.proposed++;
    } else if (known) {
      s.missed++;
      s.missedByVariant[alert.variant] = (s.missedByVariant[alert.variant] ?? 0) + 1;
    }
    if (out.possibleMatches.length > 0 && !right) {
      s.falseProposals++;
    }
  }
  s.recall = s.trueMatches === 0 ? 1 : (s.autoJoined + s.proposed) / s.trueMatches;
  s.autoJoinPrecision = joins === 0 ? 1 : s.autoJoined / joins;
  return s;
}

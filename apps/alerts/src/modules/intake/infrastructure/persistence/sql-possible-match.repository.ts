import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  type PossibleMatchProposal,
  PossibleMatchRepository,
} from '../../application/ports/possible-match.repository.js';

@Injectable()
export class SqlPossibleMatchRepository extends PossibleMatchRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async propose(p: PossibleMatchProposal): Promise<boolean> {
    const manager = this.uow.transaction.requireManager();
    const [a, b] = [p.personRef, p.otherPersonRef].sort();
    const existing = await queryRows<{ one: number }>(
      manager,
      `SELECT 1 AS "one" FROM "alerts"."possible_matches" WHERE ("person_ref" = $1 AND "other_person_ref" = $2) OR ("person_ref" = $2 AND "other_person_ref" = $1)`,
      [a, b],
    );
    if (existing.length > 0) {
      return false;
    }
    await manager.query(
      `INSERT INTO "alerts"."possible_matches" ("match_id","person_ref","case_id","other_person_ref","other_case_id","reasons","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [p.matchId, p.personRef, p.caseId, p.otherPersonRef, p.otherCaseId, p.reasons.join(','), p.createdAt],
    );
    return true;
  }
}

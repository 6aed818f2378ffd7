import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { CaseMerge, PossibleMatch, PossibleMatchState } from '../../domain/merges/case-merge.js';
import { CaseMergeRepository } from '../../domain/merges/case-merge.repository.js';

interface MatchRow {
  match_id: string;
  case_id: string;
  other_case_id: string;
  reasons: string;
  state: PossibleMatchState;
  found_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
}

interface MergeRow {
  merge_id: string;
  survivor_case_id: string;
  merged_case_id: string;
  match_id: string | null;
  merged_by: string;
  merged_at: Date | string;
  split_by: string | null;
  split_at: Date | string | null;
}

const MATCHES = '"cases"."possible_matches"';
const MERGES = '"cases"."case_merges"';

@Injectable()
export class SqlCaseMergeRepository extends CaseMergeRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async recordProposal(m: PossibleMatch): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO ${MATCHES} ("match_id","case_id","other_case_id","reasons","state","found_at") VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
        [m.matchId, m.caseId, m.otherCaseId, m.reasons.join(','), m.state, m.foundAt],
      );
  }

  async findMatchForUpdate(matchId: string): Promise<PossibleMatch | undefined> {
    const [row] = await queryRows<MatchRow>(
      this.uow.transaction.requireManager(),
      `SELECT * FROM ${MATCHES} WHERE "match_id" = $1 FOR UPDATE`,
      [matchId],
    );
    return row ? toMatch(row) : undefined;
  }

  async saveDecision(m: PossibleMatch): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE ${MATCHES} SET "state" = $2, "decided_by" = $3, "decided_at" = $4 WHERE "match_id" = $1`, [
        m.matchId,
        m.state,
        m.decidedBy ?? null,
        m.decidedAt ?? null,
      ]);
  }

  async matchesOf(caseIds: string[]): Promise<PossibleMatch[]> {
    const rows = await queryRows<MatchRow>(
      this.uow.manager,
      `SELECT * FROM ${MATCHES} WHERE "case_id" = ANY($1::uuid[]) OR "other_case_id" = ANY($1::uuid[]) ORDER BY "found_at", "match_id"`,
      [caseIds],
    );
    return rows.map(toMatch);
  }

  async activeMergeOf(mergedCaseId: string): Promise<CaseMerge | undefined> {
    const [row] = await queryRows<MergeRow>(
      this.uow.manager,
      `SELECT * FROM ${MERGES} WHERE "merged_case_id" = $1 AND "split_at" IS NULL`,
      [mergedCaseId],
    );
    return row ? toMerge(row) : undefined;
  }

  async mergesInto(survivorCaseId: string): Promise<CaseMerge[]> {
    const rows = await queryRows<MergeRow>(
      this.uow.manager,
      `SELECT * FROM ${MERGES} WHERE "survivor_case_id" = $1 AND "split_at" IS NULL ORDER BY "merged_at"`,
      [survivorCaseId],
    );
    return rows.map(toMerge);
  }

  async addMerge(m: CaseMerge): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO ${MERGES} ("merge_id","survivor_case_id","merged_case_id","match_id","merged_by","merged_at") VALUES ($1,$2,$3,$4,$5,$6)`,
        [m.mergeId, m.survivorCaseId, m.mergedCaseId, m.matchId ?? null, m.mergedBy, m.mergedAt],
      );
  }

  async recordSplit(m: CaseMerge): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE ${MERGES} SET "split_by" = $2, "split_at" = $3 WHERE "merge_id" = $1`, [
        m.mergeId,
        m.splitBy ?? null,
        m.splitAt ?? null,
      ]);
  }
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function toMatch(r: MatchRow): PossibleMatch {
  return {
    matchId: r.match_id,
    caseId: r.case_id,
    otherCaseId: r.other_case_id,
    reasons: r.reasons.split(',').filter(Boolean),
    state: r.state,
    foundAt: date(r.found_at),
    ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
    ...(r.decided_at ? { decidedAt: date(r.decided_at) } : {}),
  };
}

function toMerge(r: MergeRow): CaseMerge {
  return {
    mergeId: r.merge_id,
    survivorCaseId: r.survivor_case_id,
    mergedCaseId: r.merged_case_id,
    ...(r.match_id ? { matchId: r.match_id } : {}),
    mergedBy: r.merged_by,
    mergedAt: date(r.merged_at),
    ...(r.split_by ? { splitBy: r.split_by } : {}),
    ...(r.split_at ? { splitAt: date(r.split_at) } : {}),
  };
}

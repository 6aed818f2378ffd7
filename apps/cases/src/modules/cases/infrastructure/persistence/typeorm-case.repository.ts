import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '#concerto/messaging';
import { Case } from '../../domain/case.aggregate.js';
import { CaseRepository } from '../../domain/case.repository.js';
import { CaseEntity, SignalEntity } from './case.entity.js';
import { CaseMapper } from './case.mapper.js';

@Injectable()
export class TypeormCaseRepository extends CaseRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async findForUpdate(caseId: string): Promise<Case | undefined> {
    const manager = this.uow.transaction.requireManager();
    const e = await manager
      .getRepository(CaseEntity)
      .findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    return e ? CaseMapper.toDomain(e, await signalsOf(manager, caseId)) : undefined;
  }

  async find(caseId: string): Promise<Case | undefined> {
    const manager = this.uow.manager;
    const e = await manager.getRepository(CaseEntity).findOne({ where: { caseId } });
    return e ? CaseMapper.toDomain(e, await signalsOf(manager, caseId)) : undefined;
  }

  async save(aggregate: Case): Promise<void> {
    const manager = this.uow.transaction.requireManager();
    await manager.getRepository(CaseEntity).save(CaseMapper.toEntity(aggregate));
    // Signals are only added or updated (never removed): the case row is locked, so no other writer races.
    await manager.getRepository(SignalEntity).save(CaseMapper.signalsToEntities(aggregate));
  }

  async latestClosedOf(personRef: string): Promise<string | undefined> {
    const e = await this.uow.manager
      .getRepository(CaseEntity)
      .findOne({ where: { personRef, status: 'closed' }, order: { closedAt: 'DESC' } });
    return e?.caseId;
  }

  async followingCaseOf(caseId: string): Promise<string | undefined> {
    const e = await this.uow.manager.getRepository(CaseEntity).findOne({ where: { previousCaseId: caseId } });
    return e?.caseId;
  }
}

function signalsOf(manager: EntityManager, caseId: string): Promise<SignalEntity[]> {
  return manager.getRepository(SignalEntity).find({ where: { caseId } });
}

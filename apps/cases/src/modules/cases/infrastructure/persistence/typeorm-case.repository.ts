import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Case } from '../../domain/case.aggregate.js';
import { CaseRepository } from '../../domain/case.repository.js';
import { CaseEntity } from './case.entity.js';
import { CaseMapper } from './case.mapper.js';

@Injectable()
export class TypeormCaseRepository extends CaseRepository {
  async findForUpdate(tx: EntityManager, caseId: string): Promise<Case | undefined> {
    const e = await tx.getRepository(CaseEntity).findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    return e ? CaseMapper.toDomain(e) : undefined;
  }

  async find(tx: EntityManager, caseId: string): Promise<Case | undefined> {
    const e = await tx.getRepository(CaseEntity).findOne({ where: { caseId } });
    return e ? CaseMapper.toDomain(e) : undefined;
  }

  async save(tx: EntityManager, aggregate: Case): Promise<void> {
    await tx.getRepository(CaseEntity).save(CaseMapper.toEntity(aggregate));
  }
}

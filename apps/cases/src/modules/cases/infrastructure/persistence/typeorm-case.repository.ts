import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { Case } from '../../domain/case.aggregate.js';
import { CaseRepository } from '../../domain/case.repository.js';
import { CaseEntity } from './case.entity.js';
import { CaseMapper } from './case.mapper.js';

@Injectable()
export class TypeormCaseRepository extends CaseRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async findForUpdate(caseId: string): Promise<Case | undefined> {
    const e = await this.uow.transaction
      .requireManager()
      .getRepository(CaseEntity)
      .findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    return e ? CaseMapper.toDomain(e) : undefined;
  }

  async find(caseId: string): Promise<Case | undefined> {
    const e = await this.uow.manager.getRepository(CaseEntity).findOne({ where: { caseId } });
    return e ? CaseMapper.toDomain(e) : undefined;
  }

  async save(aggregate: Case): Promise<void> {
    await this.uow.transaction.requireManager().getRepository(CaseEntity).save(CaseMapper.toEntity(aggregate));
  }
}

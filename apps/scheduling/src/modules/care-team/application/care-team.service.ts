import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '#concerto/auth';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi, type PersonIdentity } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { CaseAccess } from '../../case-view/application/case-access.js';
import { SCHEDULING_DB } from '../../../scheduling.tokens.js';
import { channelsFor, type Channel, crowdWarning, hasLimitedRights, messageLanguage, type Participant, type ParticipantKind } from '../domain/care-team.js';

export interface AddParticipantInput {
  kind: ParticipantKind;
  professionalId?: string;
  role?: string;
  displayName?: string;
  language?: string;
  email?: string;
  phone?: string;
  postalAddress?: string;
  required?: boolean;
  waived?: boolean;
  needsStepFreeAccess?: boolean;
}

export interface ParticipantView {
  id: string;
  kind: ParticipantKind;
  role?: string;
  professionalId?: string;
  organisationId?: string;
  displayName: string;
  language: string;
  interpreterNeeded: boolean;
  required: boolean;
  waived: boolean;
  needsStepFreeAccess: boolean;
  limitedRights: boolean;
  channels: Channel[];
  contact: { email?: string; phone?: string; postalAddress?: string };
}

interface ParticipantRow {
  id: string;
  case_id: string;
  kind: ParticipantKind;
  role: string | null;
  professional_id: string | null;
  organisation_id: string | null;
  display_name: string;
  language: string;
  interpreter_needed: boolean;
  required: boolean;
  waived: boolean;
  needs_step_free_access: boolean;
  email: string | null;
  phone: string | null;
  postal_address: string | null;
  added_at: Date;
}

/**
 * The care team of a case: professionals from the directory and informal participants (who are
 * never added to the directory), with the person as a participant by default.
 */
@Injectable()
export class CareTeamService {
  constructor(
    @Inject(SCHEDULING_DB) private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: CaseAccess,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Called when a case opens: the person is at the table unless they say otherwise. */
  async addThePerson(manager: EntityManager, caseId: string, identity: PersonIdentity | undefined): Promise<void> {
    const { interpreterNeeded } = messageLanguage(identity?.preferredLanguage ?? 'fr');
    await manager.query(
      `INSERT INTO "scheduling"."participants" ("id","case_id","kind","display_name","language","interpreter_needed","required","added_by","added_at")
       VALUES ($1,$2,'person',$3,$4,$5,true,'system',$6) ON CONFLICT DO NOTHING`,
      [randomUUID(), caseId, identity ? `${identity.givenName} ${identity.familyName}` : 'The person', identity?.preferredLanguage ?? 'fr', interpreterNeeded, this.clock.now()],
    );
  }

  async add(caseId: string, principal: Principal, input: AddParticipantInput): Promise<{ participant: ParticipantView; warnings: string[] }> {
    await this.access.requireCoordinator(caseId, principal, 'add-participant');
    let displayName = input.displayName;
    let organisationId: string | undefined;
    let role = input.role;
    let language = input.language;
    if (input.kind === 'professional') {
      if (!input.professionalId) {
        throw new AppException('PROFESSIONAL_ID_REQUIRED', 'invalid', 'A professional participant must reference the directory (professionalId).');
      }
      const pro = await this.directory.findProfessional(input.professionalId);
      if (!pro) {
        throw new AppException('PROFESSIONAL_NOT_FOUND', 'invalid', 'No professional with this id in the directory.', { field: 'professionalId' });
      }
      displayName ??= pro.displayName;
      organisationId = pro.organisationId;
      role ??= pro.role;
      language ??= pro.languages[0];
    } else if (input.kind === 'person') {
      throw new AppException('PERSON_ALREADY_PARTICIPANT', 'conflict', 'The person is a participant by default; update their participation instead.');
    } else if (!displayName) {
      throw new AppException('DISPLAY_NAME_REQUIRED', 'invalid', 'An informal participant needs a name.', { field: 'displayName' });
    }
    const lang = language ?? 'fr';
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO "scheduling"."participants" ("id","case_id","kind","role","professional_id","organisation_id","display_name","language","interpreter_needed","required","waived","email","phone","postal_address","added_by","added_at","needs_step_free_access")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
      [
        id,
        caseId,
        input.kind,
        role ?? null,
        input.professionalId ?? null,
        organisationId ?? null,
        displayName,
        lang,
        messageLanguage(lang).interpreterNeeded,
        input.required ?? false,
        input.waived ?? false,
        input.email ?? null,
        input.phone ?? null,
        input.postalAddress ?? null,
        principal.userId,
        this.clock.now(),
        input.needsStepFreeAccess ?? false,
      ],
    );
    const team = await this.list(caseId);
    const warning = crowdWarning(team.filter((p) => !p.waived).length, this.config.MAX_COMFORTABLE_TABLE_SIZE);
    return { participant: team.find((p) => p.id === id)!, warnings: warning ? [warning] : [] };
  }

  async update(caseId: string, participantId: string, principal: Principal, patch: Partial<Pick<AddParticipantInput, 'email' | 'phone' | 'postalAddress' | 'language' | 'required' | 'waived' | 'needsStepFreeAccess'>>): Promise<ParticipantView> {
    await this.access.requireCoordinator(caseId, principal, 'update-participant');
    const current = (await this.list(caseId)).find((p) => p.id === participantId);
    if (!current) {
      throw new AppException('PARTICIPANT_NOT_FOUND', 'not-found', 'No such participant in this case.');
    }
    const lang = patch.language ?? current.language;
    await this.ds.query(
      `UPDATE "scheduling"."participants" SET "email"=$3,"phone"=$4,"postal_address"=$5,"language"=$6,"interpreter_needed"=$7,"required"=$8,"waived"=$9,"needs_step_free_access"=$10 WHERE "id"=$1 AND "case_id"=$2`,
      [
        participantId,
        caseId,
        patch.email ?? current.contact.email ?? null,
        patch.phone ?? current.contact.phone ?? null,
        patch.postalAddress ?? current.contact.postalAddress ?? null,
        lang,
        messageLanguage(lang).interpreterNeeded,
        patch.required ?? current.required,
        patch.waived ?? current.waived,
        patch.needsStepFreeAccess ?? current.needsStepFreeAccess,
      ],
    );
    return (await this.list(caseId)).find((p) => p.id === participantId)!;
  }

  async listFor(caseId: string, principal: Principal): Promise<{ participants: ParticipantView[]; warnings: string[] }> {
    await this.access.requireCoordinator(caseId, principal, 'read-care-team', 'read');
    const participants = await this.list(caseId);
    const warning = crowdWarning(participants.filter((p) => !p.waived).length, this.config.MAX_COMFORTABLE_TABLE_SIZE);
    return { participants, warnings: warning ? [warning] : [] };
  }

  async list(caseId: string, manager?: EntityManager): Promise<ParticipantView[]> {
    const rows = await queryRows<ParticipantRow>(
      manager ?? this.uow.manager,
      `SELECT * FROM "scheduling"."participants" WHERE "case_id" = $1 AND "removed_at" IS NULL ORDER BY "added_at", "id"`,
      [caseId],
    );
    return rows.map(toView);
  }
}

function toView(r: ParticipantRow): ParticipantView {
  const p: Pick<Participant, 'hasEmail' | 'hasPhone' | 'hasPostalAddress'> = { hasEmail: !!r.email, hasPhone: !!r.phone, hasPostalAddress: !!r.postal_address };
  return {
    id: r.id,
    kind: r.kind,
    ...(r.role ? { role: r.role } : {}),
    ...(r.professional_id ? { professionalId: r.professional_id } : {}),
    ...(r.organisation_id ? { organisationId: r.organisation_id } : {}),
    displayName: r.display_name,
    language: r.language,
    interpreterNeeded: r.interpreter_needed,
    required: r.required,
    waived: r.waived,
    needsStepFreeAccess: r.needs_step_free_access,
    limitedRights: hasLimitedRights(r.kind),
    channels: channelsFor(p),
    contact: { ...(r.email ? { email: r.email } : {}), ...(r.phone ? { phone: r.phone } : {}), ...(r.postal_address ? { postalAddress: r.postal_address } : {}) },
  };
}

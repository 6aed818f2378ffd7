import type { ParticipantKind } from './care-team.js';

/** One member of a case's care team as stored, contact data included (it never leaves scheduling in an event). */
export interface ParticipantRecord {
  id: string;
  caseId: string;
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
  contact: { email?: string; phone?: string; postalAddress?: string };
}

/** Port: the care teams of cases. Writes join the ambient transaction. */
export abstract class CareTeamRepository {
  /** Present members, in the order they joined. */
  abstract list(caseId: string): Promise<ParticipantRecord[]>;
  /** The person, once per case (a second call changes nothing). */
  abstract seatThePerson(
    person: Pick<ParticipantRecord, 'id' | 'caseId' | 'displayName' | 'language' | 'interpreterNeeded'>,
    at: Date,
  ): Promise<void>;
  /**
   * The number of present members, holding the case's team lock until the transaction ends: two
   * additions at once cannot both take the last seat. Inside a transaction only.
   */
  abstract sizeForUpdate(caseId: string): Promise<number>;
  abstract add(participant: ParticipantRecord, addedBy: string, at: Date): Promise<void>;
  abstract update(participant: ParticipantRecord): Promise<void>;
}

/**
 * Who may act, as the directory knows it: the subject of every access token is checked against
 * it (an active professional, coordinator, lead or administrator, with the roles and bassins the
 * token claims). In-process in the embedded mode, over the directory's internal API otherwise.
 */
export interface DirectorySubject {
  id: string;
  roles: string[];
  bassins: string[];
}

export interface DeniedSubjectAttempt {
  subjectId: string;
  /** `unknown-subject`, `unconfirmed-role` or `unconfirmed-bassin`. */
  reason: string;
  correlationId: string;
}

export interface SubjectDirectoryApi {
  /** The active subject with this id, or undefined. */
  findSubject(id: string): Promise<DirectorySubject | undefined>;
  /** Audits a token the directory did not confirm. */
  recordDeniedAttempt(attempt: DeniedSubjectAttempt): Promise<void>;
}

export const SUBJECT_DIRECTORY_API = Symbol('SUBJECT_DIRECTORY_API');

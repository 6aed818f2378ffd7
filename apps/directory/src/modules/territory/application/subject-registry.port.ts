import type { DeniedSubjectAttempt, DirectorySubject, SubjectDirectoryApi } from '#concerto/contracts';

/** The directory's own answer to "who is this token's subject?" (bound to SQL in the module). */
export abstract class SubjectRegistry implements SubjectDirectoryApi {
  abstract findSubject(id: string): Promise<DirectorySubject | undefined>;
  abstract recordDeniedAttempt(attempt: DeniedSubjectAttempt): Promise<void>;
}

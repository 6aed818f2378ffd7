import type {
  AcknowledgeOnBehalfRequest,
  ActionItemCard,
  RecordSummaryCard,
  AcknowledgeOnBehalfResult,
  CaseAcknowledgeApi,
  CaseAuditApi,
  CaseAuditEntry,
  DeniedSubjectAttempt,
  DirectorySubject,
  SubjectDirectoryApi,
  DirectoryReadApi,
  InvitationCardsApi,
  InvitationDeliveryCard,
  PersonLinkCard,
  OrganisationContact,
  PagingProfile,
  PersonIdentity,
  PollInvitationCard,
  IdentityVerificationOutcome,
  PersonIdentityApi,
  ProfessionalSummary,
  RoutingDecision,
} from '#concerto/contracts';
import { InternalHttpClient } from './internal-http.client.js';

const PROFESSIONAL_CACHE_MS = 60000;

/** The directory's read API over its internal HTTP endpoints (distributed mode). */
export class HttpDirectoryReadApi implements DirectoryReadApi {
  // Reference data: a professional's name and role change rarely, and every case read needs one.
  private readonly professionals = new Map<string, { at: number; value: ProfessionalSummary }>();

  constructor(private readonly http: InternalHttpClient) {}

  async route(postalCode: string | undefined): Promise<RoutingDecision> {
    const res = await this.http.post<RoutingDecision>(
      '/internal/v1/directory/routing',
      postalCode === undefined ? {} : { postalCode },
    );
    if (res.status >= 300 || !res.body) {
      throw new Error(`directory routing answered HTTP ${res.status}`);
    }
    return res.body;
  }

  async findProfessional(id: string): Promise<ProfessionalSummary | undefined> {
    const cached = this.professionals.get(id);
    if (cached && Date.now() - cached.at < PROFESSIONAL_CACHE_MS) {
      return cached.value;
    }
    const res = await this.http.get<ProfessionalSummary>(
      `/internal/v1/directory/professionals/${encodeURIComponent(id)}`,
    );
    if (res.status === 404 || res.status === 400) {
      return undefined;
    }
    if (res.status >= 300 || !res.body) {
      throw new Error(`directory answered HTTP ${res.status}`);
    }
    if (this.professionals.size > 5000) {
      this.professionals.clear();
    }
    this.professionals.set(id, { at: Date.now(), value: res.body });
    return res.body;
  }

  async findColleagues(professionalId: string): Promise<ProfessionalSummary[]> {
    const res = await this.http.get<ProfessionalSummary[]>(
      `/internal/v1/directory/professionals/${encodeURIComponent(professionalId)}/colleagues`,
    );
    if (res.status >= 300 || !Array.isArray(res.body)) {
      throw new Error(`directory answered HTTP ${res.status}`);
    }
    return res.body;
  }

  /** Never cached: going off duty must stop the next page. */
  pagingProfile(professionalId: string): Promise<PagingProfile | undefined> {
    return this.optional<PagingProfile>(
      `/internal/v1/directory/professionals/${encodeURIComponent(professionalId)}/paging`,
    );
  }

  /** Never cached: a changed contact must reach the next message. */
  organisationContact(organisationId: string): Promise<OrganisationContact | undefined> {
    return this.optional<OrganisationContact>(
      `/internal/v1/directory/organisations/${encodeURIComponent(organisationId)}/contact`,
    );
  }

  dutyRoster(bassinId: string): Promise<RoutingDecision['escalationChain'] | undefined> {
    return this.optional<RoutingDecision['escalationChain']>(
      `/internal/v1/directory/bassins/${encodeURIComponent(bassinId)}/duty-roster`,
    );
  }

  private async optional<T>(path: string): Promise<T | undefined> {
    const res = await this.http.get<T>(path);
    if (res.status === 404 || res.status === 400) {
      return undefined;
    }
    if (res.status >= 300 || !res.body) {
      throw new Error(`directory answered HTTP ${res.status}`);
    }
    return res.body;
  }
}

/** The scheduling service's delivery cards over its internal HTTP endpoint (distributed mode). */
export class HttpInvitationCardsApi implements InvitationCardsApi {
  constructor(private readonly http: InternalHttpClient) {}

  deliveryCard(invitationId: string): Promise<InvitationDeliveryCard | undefined> {
    return this.card<InvitationDeliveryCard>(invitationId, 'delivery-card');
  }

  pollCard(invitationId: string): Promise<PollInvitationCard | undefined> {
    return this.card<PollInvitationCard>(invitationId, 'poll-card');
  }

  actionItemCard(itemId: string): Promise<ActionItemCard | undefined> {
    return this.read<ActionItemCard>(`/internal/v1/action-items/${encodeURIComponent(itemId)}/card`);
  }

  recordSummaryCard(recordId: string): Promise<RecordSummaryCard | undefined> {
    return this.read<RecordSummaryCard>(`/internal/v1/records/${encodeURIComponent(recordId)}/summary-card`);
  }

  personLinkCard(personLinkId: string): Promise<PersonLinkCard | undefined> {
    return this.read<PersonLinkCard>(`/internal/v1/person-links/${encodeURIComponent(personLinkId)}/card`);
  }

  private card<T>(invitationId: string, kind: 'delivery-card' | 'poll-card'): Promise<T | undefined> {
    return this.read<T>(`/internal/v1/invitations/${encodeURIComponent(invitationId)}/${kind}`);
  }

  private async read<T>(path: string): Promise<T | undefined> {
    const res = await this.http.get<T>(path);
    if (res.status === 404 || res.status === 400) {
      return undefined;
    }
    if (res.status >= 300 || !res.body) {
      throw new Error(`scheduling answered HTTP ${res.status}`);
    }
    return res.body;
  }
}

/** The alerts service's identity vault over its internal HTTP endpoint (distributed mode). */
export class HttpPersonIdentityApi implements PersonIdentityApi {
  constructor(private readonly http: InternalHttpClient) {}

  async identify(personRef: string): Promise<PersonIdentity | undefined> {
    const res = await this.http.get<PersonIdentity>(`/internal/v1/persons/${encodeURIComponent(personRef)}`);
    if (res.status === 404 || res.status === 400) {
      return undefined;
    }
    if (res.status >= 300 || !res.body) {
      throw new Error(`alerts answered HTTP ${res.status}`);
    }
    return res.body;
  }

  async verify(personRef: string, nationalNumber: string): Promise<IdentityVerificationOutcome> {
    const res = await this.http.post<{ outcome: IdentityVerificationOutcome }>(
      `/internal/v1/persons/${encodeURIComponent(personRef)}/verify`,
      { nationalNumber },
    );
    if (res.status >= 300 || !res.body) {
      throw new Error(`alerts answered HTTP ${res.status}`);
    }
    return res.body.outcome;
  }
}

/** The directory's subjects over its internal HTTP endpoints (distributed mode); the subject guard caches the answers. */
export class HttpSubjectDirectoryApi implements SubjectDirectoryApi {
  constructor(private readonly http: InternalHttpClient) {}

  async findSubject(id: string): Promise<DirectorySubject | undefined> {
    const res = await this.http.get<DirectorySubject>(`/internal/v1/directory/subjects/${encodeURIComponent(id)}`);
    if (res.status === 404 || res.status === 400) {
      return undefined;
    }
    if (res.status >= 300 || !res.body) {
      throw new Error(`directory answered HTTP ${res.status}`);
    }
    return res.body;
  }

  async recordDeniedAttempt(attempt: DeniedSubjectAttempt): Promise<void> {
    const res = await this.http.post(
      `/internal/v1/directory/subjects/${encodeURIComponent(attempt.subjectId)}/denials`,
      {
        reason: attempt.reason,
        correlationId: attempt.correlationId,
      },
    );
    if (res.status >= 300) {
      throw new Error(`directory answered HTTP ${res.status}`);
    }
  }
}

/** The cases service's acknowledge-on-behalf route (distributed mode): a refusal comes back as an outcome. */
export class HttpCaseAcknowledgeApi implements CaseAcknowledgeApi {
  constructor(private readonly http: InternalHttpClient) {}

  async acknowledgeOnBehalf(request: AcknowledgeOnBehalfRequest): Promise<AcknowledgeOnBehalfResult> {
    const res = await this.http.post<AcknowledgeOnBehalfResult>('/internal/v1/cases/acknowledgements', request);
    if (res.status >= 300 || !res.body) {
      throw new Error(`cases answered HTTP ${res.status}`);
    }
    return res.body;
  }
}

/** The cases service's audit trail of a case (distributed mode), for the person's own page (ADR 0025). */
export class HttpCaseAuditApi implements CaseAuditApi {
  /** `prefix` is the service's internal route for cases (the alerts and notifications services serve the same read). */
  constructor(
    private readonly http: InternalHttpClient,
    private readonly prefix = '/internal/v1/cases',
    private readonly service = 'cases',
  ) {}

  async entriesAboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    const res = await this.http.get<CaseAuditEntry[]>(
      `${this.prefix}/${encodeURIComponent(caseId)}/audit?limit=${Math.floor(limit)}`,
    );
    if (res.status >= 300 || !res.body) {
      throw new Error(`${this.service} answered HTTP ${res.status}`);
    }
    return res.body;
  }
}

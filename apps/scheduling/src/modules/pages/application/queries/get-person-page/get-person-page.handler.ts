import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { MeetingLocations } from '../../../../concertations/application/meeting-locations.js';
import { ConcertationRepository } from '../../../../concertations/domain/concertation.repository.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { PersonAuditTrail } from '../../audit-trail.js';
import { PersonLinks } from '../../person-links.js';
import { GetPersonPageQuery, type PersonPage, type PersonPageActor } from './get-person-page.query.js';

const AUDIT_LINES = 30;

/**
 * The person's page. The person and their legal representative see their own table; a relative
 * sees the care team only when the consent shares it with them (the same rule as the answer
 * links). Opening the page is itself audited, under the link's id.
 */
@QueryHandler(GetPersonPageQuery)
export class GetPersonPageHandler implements IQueryHandler<GetPersonPageQuery> {
  constructor(
    private readonly links: PersonLinks,
    private readonly consents: ConsentRepository,
    private readonly concertations: ConcertationRepository,
    private readonly trail: PersonAuditTrail,
    private readonly places: MeetingLocations,
    private readonly cases: CaseAccess,
    private readonly audit: AuditLog,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token }: GetPersonPageQuery): Promise<PersonPage> {
    const { claims, viewer, person, team } = await this.links.verify(token);
    const now = this.clock.now();
    const consent = await this.consents.load(claims.caseId);
    const ownTable = viewer.kind === 'person' || viewer.kind === 'legal-representative';
    const mayTeam = ownTable || consent.mayShare(viewer.id, 'care-team');
    const mayMeeting = ownTable || consent.mayShare(viewer.id, 'meeting-details');
    const professionals = new Map<string, { name?: string; role?: string; organisation?: string }>();
    const describe = async (id: string) => {
      if (!professionals.has(id)) {
        const pro = await this.directory.findProfessional(id).catch(() => undefined);
        professionals.set(id, pro ? { name: pro.displayName, role: pro.role, organisation: pro.organisationId } : {});
      }
      return professionals.get(id)!;
    };
    const next = mayMeeting ? await this.concertations.nextForCase(claims.caseId, now) : undefined;
    const place = next
      ? await this.places.describe((await this.cases.find(claims.caseId))?.bassinId, next.snapshot.location)
      : undefined;
    const entries = await this.trail.aboutCase(claims.caseId);
    const lines: PersonPage['audit'] = [];
    for (const e of entries) {
      const actor = await this.actor(e.actorId, describe);
      const day = e.at.slice(0, 10);
      const last = lines.at(-1);
      if (
        last &&
        last.at.slice(0, 10) === day &&
        last.action === e.action &&
        last.source === e.source &&
        sameActor(last.actor, actor)
      ) {
        last.times++;
        continue;
      }
      if (lines.length === AUDIT_LINES) {
        break;
      }
      lines.push({ at: e.at, actor, action: e.action, source: e.source, times: 1 });
    }
    await this.audit.record({
      actorId: `person-link:${claims.linkId}`,
      action: 'read',
      subjectType: 'case',
      subjectId: claims.caseId,
      purpose: 'person-page',
      outcome: 'allowed',
      correlationId: currentCorrelationId(),
      at: now,
    });
    const s = consent.snapshot;
    return {
      language: viewer.language,
      viewerKind: viewer.kind,
      ...(person && viewer.kind === 'person' ? { greeting: person.displayName.split(/\s+/)[0] } : {}),
      ...(mayTeam
        ? {
            team: await Promise.all(
              team
                .filter((p) => p.id !== viewer.id && p.kind !== 'person' && !p.waived)
                .map(async (p) => {
                  const pro = p.professionalId ? await describe(p.professionalId) : {};
                  return {
                    kind: p.kind,
                    ...(p.kind === 'professional' || ownTable ? { displayName: p.displayName } : {}),
                    ...((pro.role ?? p.role) ? { role: pro.role ?? p.role } : {}),
                    ...(pro.organisation ? { organisation: pro.organisation } : {}),
                  };
                }),
            ),
          }
        : {}),
      ...(next
        ? {
            nextMeeting: {
              start: next.snapshot.start.toISOString(),
              end: next.snapshot.end.toISOString(),
              place: next.snapshot.location.label,
              ...(place?.address ? { address: place.address } : {}),
              ...(place?.access ? { access: place.access } : {}),
            },
          }
        : {}),
      decisions: [],
      audit: lines,
      consent: {
        status: s.status,
        ...(s.recordedAt ? { recordedAt: s.recordedAt.toISOString() } : {}),
        ...(s.givenBy ? { givenBy: s.givenBy } : {}),
      },
      mayWithdraw: ownTable && (s.status === 'granted' || s.status === 'emergency-exception'),
    };
  }

  private async actor(
    actorId: string,
    describe: (id: string) => Promise<{ name?: string; role?: string; organisation?: string }>,
  ): Promise<PersonPageActor> {
    if (actorId.startsWith('invitee:')) {
      return { kind: 'invitee' };
    }
    if (actorId.startsWith('person-link:')) {
      return { kind: 'personal-link' };
    }
    if (actorId === 'system' || actorId.startsWith('system:')) {
      return { kind: 'system' };
    }
    const pro = await describe(actorId);
    // Never an internal id on the person's page: someone the directory does not know is "someone".
    return pro.name ? { kind: 'professional', ...pro } : { kind: 'unknown' };
  }
}

function sameActor(a: PersonPageActor, b: PersonPageActor): boolean {
  return a.kind === b.kind && a.name === b.name;
}

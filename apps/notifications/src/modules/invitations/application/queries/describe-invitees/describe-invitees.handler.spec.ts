import { jest } from '@jest/globals';
import type {
  DirectoryReadApi,
  InvitationCardsApi,
  InvitationDeliveryCard,
  InvitationRefV1,
} from '#concerto/contracts';
import { DescribeInviteesHandler } from './describe-invitees.handler.js';
import { DescribeInviteesQuery } from './describe-invitees.query.js';

const ref = (over: Partial<InvitationRefV1> = {}): InvitationRefV1 => ({
  invitationId: '0c1f4d8e-2d8a-4c55-9d59-2f3d1c1e0a01',
  participantId: '5a1f4d8e-2d8a-4c55-9d59-2f3d1c1e0a02',
  required: true,
  channels: ['email'],
  ...over,
});

function newHandler() {
  const deliveryCard = jest.fn<InvitationCardsApi['deliveryCard']>();
  const cards = { deliveryCard, pollCard: jest.fn<InvitationCardsApi['pollCard']>() } as unknown as InvitationCardsApi;
  const findColleagues = jest
    .fn<DirectoryReadApi['findColleagues']>()
    .mockResolvedValue([{ id: 'backup-sud', displayName: 'B', role: 'coordinator' } as never]);
  const directory = { findColleagues } as unknown as DirectoryReadApi;
  return { sut: new DescribeInviteesHandler(cards, directory), deliveryCard, findColleagues };
}

describe(DescribeInviteesHandler.name, () => {
  it('should plan from the event alone when it carries the participant kind: no read of scheduling', async () => {
    const { sut, deliveryCard, findColleagues } = newHandler();
    const profiles = await sut.execute(
      new DescribeInviteesQuery([ref({ participantKind: 'professional', professionalId: 'coord-sud' })], 'sud'),
    );
    expect(deliveryCard).not.toHaveBeenCalled();
    expect(findColleagues).toHaveBeenCalledWith('coord-sud');
    expect(profiles.get(ref().invitationId)).toEqual({
      participantKind: 'professional',
      professionalId: 'coord-sud',
      bassinId: 'sud',
      colleagues: ['backup-sud'],
    });
  });

  it('should not look for substitutes of an invitee who is not a professional', async () => {
    const { sut, findColleagues } = newHandler();
    const profiles = await sut.execute(new DescribeInviteesQuery([ref({ participantKind: 'relative' })], 'sud'));
    expect(findColleagues).not.toHaveBeenCalled();
    expect(profiles.get(ref().invitationId)).toMatchObject({
      participantKind: 'relative',
      bassinId: 'sud',
      colleagues: undefined,
    });
  });

  it('should read the delivery card once for an event produced before the kind travelled in it', async () => {
    const { sut, deliveryCard } = newHandler();
    deliveryCard.mockResolvedValue({ bassinId: 'nord', recipient: { kind: 'person' } } as InvitationDeliveryCard);
    const profiles = await sut.execute(new DescribeInviteesQuery([ref()]));
    expect(deliveryCard).toHaveBeenCalledTimes(1);
    expect(profiles.get(ref().invitationId)).toMatchObject({ participantKind: 'person', bassinId: 'nord' });
  });
});

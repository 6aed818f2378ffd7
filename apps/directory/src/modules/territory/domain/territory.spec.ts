import { Territory } from './territory.js';

describe(Territory.name, () => {
  const territory = new Territory(
    [
      { postalCode: '1090', bassins: ['nord'] },
      { postalCode: '1000', bassins: ['centre-ouest', 'sud'], defaultBassin: 'centre-ouest' },
    ],
    { outsideBrussels: 'centre-ouest', noFixedAddress: 'sud' },
  );

  it('should route an unambiguous postal code to its bassin without asking for confirmation', () => {
    expect(territory.route('1090')).toEqual({
      bassinId: 'nord',
      reason: 'postal-code',
      needsConfirmation: false,
      candidateBassins: ['nord'],
    });
  });

  it('should route an ambiguous postal code to its default bassin and flag it for confirmation', () => {
    expect(territory.route('1000')).toEqual({
      bassinId: 'centre-ouest',
      reason: 'ambiguous-postal-code',
      needsConfirmation: true,
      candidateBassins: ['centre-ouest', 'sud'],
    });
  });

  it('should route an address outside Brussels to the documented fallback and flag it', () => {
    expect(territory.route('4000')).toMatchObject({
      bassinId: 'centre-ouest',
      reason: 'outside-brussels',
      needsConfirmation: true,
    });
  });

  it('should route a person with no fixed address to the no-address fallback and flag it', () => {
    expect(territory.route(undefined)).toMatchObject({
      bassinId: 'sud',
      reason: 'no-fixed-address',
      needsConfirmation: true,
    });
  });
});

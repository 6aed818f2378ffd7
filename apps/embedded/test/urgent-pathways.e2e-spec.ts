import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

describe('urgent pathways (embedded)', () => {
  let t: TestEngine;
  let nurse: string;

  beforeAll(async () => {
    t = await startTestEngine();
    nurse = await t.token('pro-home-nurse');
  });
  afterAll(() => t?.close());

  it.each([
    ['suicide-risk', /112/, /Suicide|Zelfmoordlijn/],
    ['suspected-violence', /101|112/, /violence|geweld/i],
  ])(
    "should answer a %s alert with the bassin's urgent guidance at once and make the case urgent",
    async (type, phone, label) => {
      const res = await t
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${nurse}`)
        .send(alertBody({ type, urgency: 'normal' }, uniquePerson({ address: { postalCode: '1060' } })));
      expect(res.status).toBe(201);
      expect(res.body.urgency).toBe('urgent');
      expect(res.body.urgentGuidance.length).toBeGreaterThan(0);
      expect(res.body.urgentGuidance.map((g: { phone: string }) => g.phone).join(' ')).toMatch(phone);
      expect(JSON.stringify(res.body.urgentGuidance.map((g: { label: unknown }) => g.label))).toMatch(label);
      for (const g of res.body.urgentGuidance) {
        expect(g.label).toEqual({ fr: expect.any(String), nl: expect.any(String), en: expect.any(String) });
      }
      const coord = await t.token('coord-sud');
      await expectEventually(async () => {
        const c = await t.http().get(`/v1/cases/${res.body.caseId}`).set('Authorization', `Bearer ${coord}`);
        expect(c.body).toMatchObject({ urgency: 'urgent', type });
      });
    },
  );

  it('should not attach urgent guidance to other alert types', async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${nurse}`)
      .send(alertBody({ type: 'imminent-discharge', urgency: 'urgent' }, uniquePerson()));
    expect(res.status).toBe(201);
    expect(res.body.urgentGuidance).toBeUndefined();
  });
});

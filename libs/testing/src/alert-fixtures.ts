/** A valid alert body; override any part. Every person here is fictitious. */
export function alertBody(
  overrides: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'not-seen',
    urgency: 'normal',
    person: {
      givenName: 'Simone',
      familyName: 'Peeters',
      birthDate: '1941-05-03',
      address: { postalCode: '1090' },
      preferredLanguage: 'nl',
      ...person,
    },
    reason: 'No longer comes to the day centre',
    ...overrides,
  };
}

let counter = 0;
const letters = (n: number): string => n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));

/** A person nobody else in the test run uses (names are letters only), so cases do not correlate by accident. */
export function uniquePerson(extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  const suffix = `${letters(process.pid)}${letters(Date.now() % 100000)}${letters(counter)}`;
  return { givenName: `Test`, familyName: `Person-${suffix}`, birthDate: '1950-01-01', ...extra };
}

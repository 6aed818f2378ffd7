import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyLimitFor, LIMITS, renderLimitsMarkdown } from './limits.js';

const DOC = join(process.cwd(), 'docs', 'limits.md');

describe('the table of limits', () => {
  it('is what docs/limits.md documents (regenerate with UPDATE_LIMITS_DOC=1)', () => {
    const rendered = renderLimitsMarkdown();
    if (process.env.UPDATE_LIMITS_DOC === '1') {
      writeFileSync(DOC, rendered);
    }
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });

  it('gives each body the limit of its media type, JSON by default', () => {
    expect(bodyLimitFor('text/calendar; charset=utf-8')).toBe(LIMITS.body.calendarBytes);
    expect(bodyLimitFor('Text/Calendar')).toBe(LIMITS.body.calendarBytes);
    expect(bodyLimitFor('application/x-www-form-urlencoded')).toBe(LIMITS.body.formBytes);
    expect(bodyLimitFor('application/json')).toBe(LIMITS.body.jsonBytes);
    expect(bodyLimitFor(undefined)).toBe(LIMITS.body.jsonBytes);
  });

  it('admits the longest list of busy blocks in the JSON body limit', () => {
    const longest = 'x'.repeat(LIMITS.text.dateTimeChars);
    const body = JSON.stringify({
      blocks: Array.from({ length: LIMITS.lists.busyBlocks }, () => ({ start: longest, end: longest })),
    });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMITS.body.jsonBytes);
  });

  it('lets one slot search cover the largest care team', () => {
    expect(LIMITS.slotSearch.maxParticipants).toBeGreaterThanOrEqual(LIMITS.careTeam.maxParticipants);
    expect(LIMITS.lists.consentScopes).toBeGreaterThanOrEqual(LIMITS.careTeam.maxParticipants);
  });
});

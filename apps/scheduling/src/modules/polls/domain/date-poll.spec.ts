import { BusinessRuleViolation } from '#concerto/ddd';
import { DatePoll } from './date-poll.js';

const now = new Date('2026-11-23T09:00:00Z');
const option = (h: number) => ({
  start: new Date(now.getTime() + h * 3600_000),
  end: new Date(now.getTime() + (h + 1) * 3600_000),
});
const poll = () =>
  DatePoll.open({
    id: 'poll-1',
    caseId: 'c-1',
    options: [option(24), option(48), option(72)],
    closesAt: new Date(now.getTime() + 12 * 3600_000),
    invitations: [
      { id: 'i-person', participantId: 'p-person', required: true },
      { id: 'i-son', participantId: 'p-son', required: false },
      { id: 'i-gp', participantId: 'p-gp', required: true },
    ],
  });

describe(DatePoll.name, () => {
  it('should pick the option most people can attend that no required invitee refused', () => {
    const p = poll();
    p.answer('i-person', ['yes', 'no', 'yes'], now);
    p.answer('i-son', ['yes', 'yes', 'if-need-be'], now);
    p.answer('i-gp', ['yes', 'yes', 'if-need-be'], now);
    expect(p.close(now).chosenOption).toBe(0);
  });

  it('should never pick an option a required invitee cannot attend, and say why when none is left', () => {
    const p = poll();
    p.answer('i-person', ['no', 'no', 'yes'], now);
    p.answer('i-gp', ['yes', 'yes', 'no'], now);
    const outcome = p.close(now);
    expect(outcome.chosenOption).toBeUndefined();
    expect(outcome.reason).toBe('a-required-invitee-cannot-attend-any-option');
  });

  it('should refuse answers after closing or with the wrong number of answers', () => {
    const p = poll();
    expect(() => p.answer('i-son', ['yes'], now)).toThrow(BusinessRuleViolation);
    expect(() => p.answer('i-son', ['yes', 'yes', 'yes'], new Date(now.getTime() + 13 * 3600_000))).toThrow(
      BusinessRuleViolation,
    );
    expect(p.answer('i-stranger', ['yes', 'yes', 'yes'], now)).toBe(false);
  });

  it('should report nobody answered rather than pick a date blindly', () => {
    expect(poll().close(now)).toMatchObject({ reason: 'nobody-answered' });
  });

  it("should let a coordinator choose a date against the rules' pick, keeping the answers counted", () => {
    const p = poll();
    p.answer('i-person', ['yes', 'if-need-be', 'no'], now);
    p.answer('i-gp', ['no', 'yes', 'yes'], now);
    const outcome = p.choose(0, now);
    expect(outcome).toMatchObject({ chosenOption: 0, chosenByCoordinator: true });
    expect(outcome.tally[0]).toMatchObject({ yes: 1, no: 1, requiredNo: ['p-gp'] });
    expect(p.snapshot.status).toBe('closed');
  });

  it('should let a coordinator choose a date on a poll closed without one, and refuse an unknown date', () => {
    const p = poll();
    expect(p.close(now).reason).toBe('nobody-answered');
    expect(() => p.choose(3, now)).toThrow(BusinessRuleViolation);
    expect(() => p.choose(-1, now)).toThrow(BusinessRuleViolation);
    expect(p.choose(2, now)).toMatchObject({ chosenOption: 2, chosenByCoordinator: true });
    expect(p.snapshot.outcome?.reason).toBeUndefined();
  });
});

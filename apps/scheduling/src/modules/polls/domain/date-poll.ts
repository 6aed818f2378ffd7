import { AggregateRoot, type BusinessRule, DomainEvent } from '#concerto/ddd';

export type PollAnswer = 'yes' | 'if-need-be' | 'no';

export interface PollOption {
  start: Date;
  end: Date;
}

export interface PollInvitation {
  id: string;
  participantId: string;
  required: boolean;
}

export interface PollOutcome {
  chosenOption?: number;
  /** Per option: who said yes / if need be / no, and required invitees who did not answer. */
  tally: Array<{ yes: number; ifNeedBe: number; no: number; requiredNo: string[]; requiredSilent: string[] }>;
  reason?: 'a-required-invitee-cannot-attend-any-option' | 'nobody-answered';
  /** The date was picked by a coordinator (from the answers, or after phoning), not by the rules. */
  chosenByCoordinator?: boolean;
}

export interface DatePollState {
  id: string;
  caseId: string;
  options: PollOption[];
  closesAt: Date;
  status: 'open' | 'closed';
  invitations: PollInvitation[];
  answers: Record<string, PollAnswer[]>;
  outcome?: PollOutcome;
}

export class DatePollClosedEvent extends DomainEvent {
  readonly name = 'poll.closed';
}

class PollMustBeOpenRule implements BusinessRule {
  readonly code = 'POLL_CLOSED';
  readonly message = 'This date poll is closed.';
  constructor(
    private readonly status: DatePollState['status'],
    private readonly closesAt: Date,
    private readonly now: Date,
  ) {}
  isBroken(): boolean {
    return this.status !== 'open' || this.now.getTime() >= this.closesAt.getTime();
  }
}

class OneAnswerPerOptionRule implements BusinessRule {
  readonly code = 'POLL_ANSWERS_MISMATCH';
  readonly message: string;
  constructor(
    private readonly given: number,
    private readonly expected: number,
  ) {
    this.message = `Give one answer per proposed date (${expected}).`;
  }
  isBroken(): boolean {
    return this.given !== this.expected;
  }
}

class OptionMustExistRule implements BusinessRule {
  readonly code = 'POLL_OPTION_UNKNOWN';
  readonly message = 'No such proposed date in this poll.';
  constructor(
    private readonly option: number,
    private readonly options: number,
  ) {}
  isBroken(): boolean {
    return !Number.isInteger(this.option) || this.option < 0 || this.option >= this.options;
  }
}

/**
 * The fallback when some invitees' calendars are unknown: they answer yes / if need be / no per
 * proposed date through a link; at the closing date the best option is picked by the same rules
 * as the slot finder (no required invitee may be unable to come).
 */
export class DatePoll extends AggregateRoot {
  private constructor(private state: DatePollState) {
    super(state.id);
  }

  static open(props: Omit<DatePollState, 'status' | 'answers' | 'outcome'>): DatePoll {
    return new DatePoll({ ...props, status: 'open', answers: {} });
  }

  static restore(state: DatePollState): DatePoll {
    return new DatePoll(state);
  }

  get snapshot(): Readonly<DatePollState> {
    return this.state;
  }

  answer(invitationId: string, answers: PollAnswer[], now: Date): boolean {
    this.checkRule(new PollMustBeOpenRule(this.state.status, this.state.closesAt, now));
    this.checkRule(new OneAnswerPerOptionRule(answers.length, this.state.options.length));
    if (!this.state.invitations.some((i) => i.id === invitationId)) {
      return false;
    }
    this.state.answers[invitationId] = answers;
    return true;
  }

  /** Picks the option most people can attend among those no required invitee refused; earliest wins ties. */
  close(now: Date): PollOutcome {
    if (this.state.status === 'closed') {
      return this.state.outcome!;
    }
    const required = this.state.invitations.filter((i) => i.required);
    const tally = this.state.options.map((_, k) => {
      const of = (inv: PollInvitation) => this.state.answers[inv.id]?.[k];
      return {
        yes: this.state.invitations.filter((i) => of(i) === 'yes').length,
        ifNeedBe: this.state.invitations.filter((i) => of(i) === 'if-need-be').length,
        no: this.state.invitations.filter((i) => of(i) === 'no').length,
        requiredNo: required.filter((i) => of(i) === 'no').map((i) => i.participantId),
        requiredSilent: required.filter((i) => of(i) === undefined).map((i) => i.participantId),
      };
    });
    let chosen: number | undefined;
    let best = -Infinity;
    tally.forEach((t, k) => {
      // Silence from a required invitee is not a refusal, but it weighs against the option.
      const score = t.requiredNo.length > 0 ? -Infinity : 2 * t.yes + t.ifNeedBe - t.requiredSilent.length;
      if (score > best && Number.isFinite(score)) {
        best = score;
        chosen = k;
      }
    });
    const answered = Object.keys(this.state.answers).length > 0;
    const outcome: PollOutcome =
      chosen !== undefined && answered
        ? { chosenOption: chosen, tally }
        : { tally, reason: answered ? 'a-required-invitee-cannot-attend-any-option' : 'nobody-answered' };
    this.state.status = 'closed';
    this.state.outcome = outcome;
    this.addEvent(new DatePollClosedEvent(this.id, now));
    return outcome;
  }

  /**
   * A coordinator picks the date themselves: the poll closes (if still open) with that option,
   * whatever the rules would have picked; the answers stay counted as they were.
   */
  choose(option: number, now: Date): PollOutcome {
    this.checkRule(new OptionMustExistRule(option, this.state.options.length));
    const { tally } = this.close(now);
    this.state.outcome = { chosenOption: option, tally, chosenByCoordinator: true };
    return this.state.outcome;
  }
}

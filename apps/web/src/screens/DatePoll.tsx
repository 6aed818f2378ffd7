import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Form } from 'react-aria-components';
import { api, fieldErrors, problemText, type Schemas } from '../api/client.js';
import { SelectInput, TextInput } from '../components/fields.js';
import { Link } from '../components/Link.js';
import { formText, useDateTime, useLabel } from '../format.js';

type Poll = Schemas['PollViewDto'];
type LocationKind = Schemas['LocationDto']['kind'];

/** Offset of Brussels from UTC at an instant, in milliseconds (Intl knows the summer-time rules). */
function brusselsOffset(at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - at;
}

/** A wall-clock time typed in the form ("2027-05-03T10:00") read as Brussels time, as an ISO instant. */
export function brusselsToIso(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) {
    return undefined;
  }
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const first = wall - brusselsOffset(wall);
  return new Date(wall - brusselsOffset(first)).toISOString();
}

const OPTION_FIELDS = ['option1', 'option2', 'option3'] as const;

/** Start a date poll among the care team (times typed in Brussels time), see its answers, close it. */
export function DatePoll(props: { caseId: string; onStarted?: () => void }) {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  const [duration, setDuration] = useState('60');
  const [kind, setKind] = useState<LocationKind>('video');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [poll, setPoll] = useState<Poll>();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const minutes = Number(duration) || 60;
    const options = OPTION_FIELDS.flatMap((f) => {
      const start = brusselsToIso(formText(form, f));
      return start ? [{ start, end: new Date(Date.parse(start) + minutes * 60_000).toISOString() }] : [];
    });
    const closesAt = brusselsToIso(formText(form, 'closesAt'));
    const { data, error, response } = await api.POST('/v1/cases/{caseId}/concertations/polls', {
      params: { path: { caseId: props.caseId } },
      body: { options, closesAt: closesAt ?? '', location: { kind } },
    });
    if (!data) {
      const byField = fieldErrors(error);
      const renamed = Object.fromEntries(
        Object.entries(byField).map(([k, v]) => [k.startsWith('options') ? 'option1' : k, v]),
      );
      setErrors(
        Object.keys(renamed).length > 0
          ? renamed
          : { option1: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) },
      );
      return;
    }
    setErrors({});
    setPoll(data);
    props.onStarted?.();
  }

  async function close(pollId: string) {
    const { data, error, response } = await api.POST('/v1/polls/{pollId}/close', { params: { path: { pollId } } });
    if (!data) {
      setErrors({ option1: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) });
      return;
    }
    setPoll(data);
  }

  if (poll) {
    const count = (option: number, answer: 'yes' | 'if-need-be' | 'no') =>
      Object.values(poll.answers).filter((a) => a[option] === answer).length;
    return (
      <div>
        <p>
          <FormattedMessage
            id="poll.started"
            values={{ invited: poll.invitations.length, answered: Object.keys(poll.answers).length }}
          />
        </p>
        <ol>
          {poll.options.map((o, i) => (
            <li key={o.start}>
              <FormattedMessage
                id="poll.option"
                values={{
                  start: when(o.start),
                  yes: count(i, 'yes'),
                  maybe: count(i, 'if-need-be'),
                  no: count(i, 'no'),
                }}
              />
            </li>
          ))}
        </ol>
        {poll.outcome && (
          <p role="status">
            {poll.outcome.chosenOption !== undefined ? (
              <FormattedMessage
                id="poll.chosen"
                values={{ start: when(poll.options[poll.outcome.chosenOption]?.start) }}
              />
            ) : (
              label('pollReason', poll.outcome.reason)
            )}
          </p>
        )}
        <p>
          <Link href={`/cases/${props.caseId}/polls/${poll.id}`}>
            <FormattedMessage id="polls.answersLink" />
          </Link>
        </p>
        {poll.status === 'open' && (
          <Button className="button" onPress={() => void close(poll.id)}>
            <FormattedMessage id="poll.close" />
          </Button>
        )}
        {errors.option1 && <p className="error">{errors.option1}</p>}
      </div>
    );
  }
  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <h3>
        <FormattedMessage id="poll.start" />
      </h3>
      {OPTION_FIELDS.map((f, i) => (
        <TextInput
          key={f}
          name={f}
          type="datetime-local"
          label={intl.formatMessage({ id: 'poll.optionField' }, { n: i + 1 })}
          error={errors[f]}
          isRequired={i < 2}
        />
      ))}
      <TextInput
        name="duration"
        inputMode="numeric"
        label={intl.formatMessage({ id: 'poll.duration' })}
        value={duration}
        onChange={setDuration}
      />
      <TextInput
        name="closesAt"
        type="datetime-local"
        label={intl.formatMessage({ id: 'poll.closesAt' })}
        error={errors.closesAt}
        isRequired
      />
      <SelectInput
        name="location"
        label={intl.formatMessage({ id: 'poll.location' })}
        value={kind}
        onChange={(v) => setKind(v as LocationKind)}
        options={(['video', 'phone', 'home'] as const).map((k) => ({ value: k, label: label('location', k) }))}
        error={errors.location ?? errors['location.kind']}
      />
      <Button type="submit" className="button">
        <FormattedMessage id="poll.submit" />
      </Button>
    </Form>
  );
}

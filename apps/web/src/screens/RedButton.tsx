import { useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Form, Radio, RadioGroup, Label, FieldError } from 'react-aria-components';
import { api, fieldErrors, problemText, type Schemas } from '../api/client.js';
import { SelectInput, TextInput } from '../components/fields.js';
import type { Language } from '../i18n/index.js';
import { Link } from '../components/Link.js';
import { formText } from '../format.js';

type Request = Schemas['RaiseAlertRequestDto'];
type Answer = Schemas['RaiseAlertResponseDto'];

const TYPES: ReadonlyArray<Request['type']> = [
  'not-seen',
  'imminent-discharge',
  'fragile-admission',
  'prison-release',
  'suicide-risk',
  'suspected-violence',
  'loss-of-rights',
  'deteriorating-at-home',
  'psychiatric-discharge',
  'street-exit',
  'other',
];

/** The problem+json paths of the six fields, each shown next to its field. */
const FIELD = {
  type: 'type',
  urgency: 'urgency',
  givenName: 'person.givenName',
  familyName: 'person.familyName',
  birthDate: 'person.birthDate',
  postalCode: 'person.address.postalCode',
} as const;

/** The red button: six fields, one answer naming the owner and the bassin, crisis lines first. */
export function RedButton({ language }: { language: Language }) {
  const intl = useIntl();
  const [type, setType] = useState<Request['type']>('not-seen');
  const [urgency, setUrgency] = useState<Request['urgency']>('urgent');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string>();
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<Answer>();
  // One key per alert being written: a retry after a lost answer replays instead of raising twice.
  const idempotencyKey = useRef(crypto.randomUUID());
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const answerRef = useRef<HTMLHeadingElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const text = (name: string) => formText(form, name);
    const birthDate = text(FIELD.birthDate);
    const body: Request = {
      type,
      urgency,
      person: {
        givenName: text(FIELD.givenName),
        familyName: text(FIELD.familyName),
        ...(birthDate ? { birthDate } : {}),
        address: { postalCode: text(FIELD.postalCode) },
      },
    };
    setSending(true);
    setErrors({});
    setSummary(undefined);
    const { data, error, response } = await api.POST('/v1/alerts', {
      params: { header: { 'Idempotency-Key': idempotencyKey.current } },
      body,
    });
    setSending(false);
    if (data) {
      setAnswer(data);
      idempotencyKey.current = crypto.randomUUID();
      requestAnimationFrame(() => answerRef.current?.focus());
      return;
    }
    const byField = fieldErrors(error);
    // A whole-address error belongs to the only address field of the form.
    if (byField['person.address'] && !byField[FIELD.postalCode]) {
      byField[FIELD.postalCode] = byField['person.address'];
    }
    setErrors(byField);
    setSummary(
      Object.keys(byField).length > 0
        ? intl.formatMessage({ id: 'alert.fixErrors' })
        : problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })),
    );
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  if (answer) {
    return (
      <AlertAnswer answer={answer} language={language} headingRef={answerRef} onAgain={() => setAnswer(undefined)} />
    );
  }

  return (
    <div>
      <h1>
        <FormattedMessage id="alert.title" />
      </h1>
      <p>
        <FormattedMessage id="alert.intro" />
      </p>
      {summary && (
        <p role="alert" className="summary-error" tabIndex={-1} ref={summaryRef}>
          {summary}
        </p>
      )}
      <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
        <SelectInput
          name={FIELD.type}
          label={intl.formatMessage({ id: 'alert.type' })}
          value={type}
          onChange={(v) => setType(v as Request['type'])}
          options={TYPES.map((t) => ({ value: t, label: intl.formatMessage({ id: `type.${t}` }) }))}
          error={errors[FIELD.type]}
          isRequired
        />
        <RadioGroup
          className="field"
          name={FIELD.urgency}
          value={urgency}
          onChange={(v) => setUrgency(v as Request['urgency'])}
          isRequired
          isInvalid={errors[FIELD.urgency] !== undefined}
        >
          <Label>
            <FormattedMessage id="alert.urgency" />
          </Label>
          <Radio value="urgent">
            <FormattedMessage id="alert.urgency.urgent" />
          </Radio>
          <Radio value="normal">
            <FormattedMessage id="alert.urgency.normal" />
          </Radio>
          <FieldError className="error">{errors[FIELD.urgency]}</FieldError>
        </RadioGroup>
        <TextInput
          name={FIELD.givenName}
          label={intl.formatMessage({ id: 'alert.givenName' })}
          error={errors[FIELD.givenName]}
          isRequired
          autoComplete="off"
        />
        <TextInput
          name={FIELD.familyName}
          label={intl.formatMessage({ id: 'alert.familyName' })}
          error={errors[FIELD.familyName]}
          isRequired
          autoComplete="off"
        />
        <TextInput
          name={FIELD.birthDate}
          type="date"
          label={intl.formatMessage({ id: 'alert.birthDate' })}
          error={errors[FIELD.birthDate]}
          autoComplete="off"
        />
        <TextInput
          name={FIELD.postalCode}
          label={intl.formatMessage({ id: 'alert.postalCode' })}
          error={errors[FIELD.postalCode]}
          inputMode="numeric"
          isRequired
          autoComplete="off"
        />
        <Button type="submit" className="button primary" isDisabled={sending}>
          <FormattedMessage id={sending ? 'alert.sending' : 'alert.submit'} />
        </Button>
      </Form>
    </div>
  );
}

function AlertAnswer(props: {
  answer: Answer;
  language: Language;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onAgain: () => void;
}) {
  const { answer, language } = props;
  const guidance = answer.urgentGuidance ?? [];
  return (
    <div>
      {guidance.length > 0 && (
        <section className="crisis" role="alert" aria-labelledby="crisis-title">
          <h2 id="crisis-title">
            <FormattedMessage id="alert.crisis.title" />
          </h2>
          <p>
            <FormattedMessage id="alert.crisis.intro" />
          </p>
          <ul>
            {guidance.map((g) => (
              <li key={g.phone}>
                <a href={`tel:${g.phone.replace(/\s+/g, '')}`}>
                  <FormattedMessage
                    id="alert.crisis.line"
                    values={{ label: g.label[language], phone: g.phone, available: g.available }}
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h1 tabIndex={-1} ref={props.headingRef}>
        <FormattedMessage id="alert.done.title" />
      </h1>
      <p>
        <FormattedMessage id="alert.done.owner" values={{ owner: answer.owner.id }} />
      </p>
      <p>
        <FormattedMessage id="alert.done.bassin" values={{ bassin: answer.bassin.name[language] }} />
      </p>
      <p>
        <FormattedMessage id={answer.openedNewCase ? 'alert.done.newCase' : 'alert.done.joined'} />
      </p>
      <p className="actions">
        <Button className="button" onPress={props.onAgain}>
          <FormattedMessage id="alert.done.another" />
        </Button>
        <Link href="/alerts/mine">
          <FormattedMessage id="nav.myAlerts" />
        </Link>
      </p>
    </div>
  );
}

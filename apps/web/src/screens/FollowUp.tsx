import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Form } from 'react-aria-components';
import { api, fieldErrors, problemText, type Schemas } from '../api/client.js';
import { Section, SelectInput } from '../components/fields.js';
import { Link } from '../components/Link.js';
import { caseRef, useLabel } from '../format.js';
import type { MessageKey } from '../i18n/index.js';

type Item = Schemas['ActionItemViewDto'];
type Participant = Schemas['ParticipantViewDto'];
type BlockedReason = Schemas['BlockActionItemDto']['reason'];

export const BLOCKED_REASONS: readonly BlockedReason[] = [
  'service-saturated',
  'refused-by-service',
  'no-place-or-bed',
  'administrative-delay',
  'no-transport',
  'language',
];

const OPEN = new Set<Item['status']>(['open', 'blocked', 'awaiting-confirmation']);

/** A calendar day (YYYY-MM-DD, already a Brussels day) in the reader's language, without a time zone shift. */
export function useDay(): (day: string | undefined) => string {
  const intl = useIntl();
  return (day) => (day ? intl.formatDate(`${day}T12:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' }) : '—');
}

/** Action items with what their owner, the referent or a coordinator can do on each open one. */
export function ActionItemList(props: {
  items: Item[];
  team?: Participant[];
  showCase?: boolean;
  onChanged: (message: MessageKey) => void;
}) {
  const intl = useIntl();
  const label = useLabel();
  const day = useDay();
  // Without the team (on "My actions"), the owner is the reader, or the reader's organisation.
  const ownerName = (i: Item) =>
    props.team?.find((p) => p.id === i.owner.participantId)?.displayName ??
    i.owner.organisationId ??
    intl.formatMessage({ id: 'items.ownerYou' });
  if (props.items.length === 0) {
    return (
      <p>
        <FormattedMessage id="items.none" />
      </p>
    );
  }
  return (
    <ul className="items">
      {props.items.map((i) => (
        <li key={i.id}>
          <p>
            {props.showCase && (
              <>
                <Link href={`/cases/${i.caseId}`}>
                  <FormattedMessage id="items.case" values={{ ref: caseRef(i.caseId) }} />
                </Link>{' '}
              </>
            )}
            <strong>{label('itemKind', i.kind)}</strong>{' '}
            <FormattedMessage
              id="items.item"
              values={{ title: i.title, owner: ownerName(i), due: day(i.dueOn), status: label('itemStatus', i.status) }}
            />
            {i.blockedReason && <> ({label('blocked', i.blockedReason)})</>}
            {i.escalated && (
              <>
                {' '}
                (<FormattedMessage id="items.escalated" />)
              </>
            )}
          </p>
          {OPEN.has(i.status) && <ItemActions item={i} team={props.team} onChanged={props.onChanged} />}
        </li>
      ))}
    </ul>
  );
}

function ItemActions(props: { item: Item; team?: Participant[]; onChanged: (message: MessageKey) => void }) {
  const intl = useIntl();
  const label = useLabel();
  const [reason, setReason] = useState<BlockedReason>('service-saturated');
  const others = (props.team ?? []).filter((p) => p.kind !== 'person' && p.id !== props.item.owner.participantId);
  const [to, setTo] = useState(others[0]?.id ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const path = { params: { path: { itemId: props.item.id } } };

  async function settle(call: Promise<{ error?: unknown; response: Response }>, field: string): Promise<void> {
    const { error, response } = await call;
    if (error) {
      const byField = fieldErrors(error);
      setErrors(
        Object.keys(byField).length > 0
          ? byField
          : { [field]: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) },
      );
      return;
    }
    setErrors({});
    props.onChanged('items.updated');
  }

  const block = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void settle(api.POST('/v1/action-items/{itemId}/blocked', { ...path, body: { reason } }), 'reason');
  };
  const handOver = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void settle(
      api.POST('/v1/action-items/{itemId}/hand-over', { ...path, body: { owner: { participantId: to } } }),
      'owner',
    );
  };
  const group = intl.formatMessage({ id: 'items.actionsFor' }, { title: props.item.title });
  return (
    <div role="group" aria-label={group} className="item-actions">
      {props.item.status === 'awaiting-confirmation' ? (
        <Button
          className="button primary"
          onPress={() => void settle(api.POST('/v1/action-items/{itemId}/confirm-received', path), 'reason')}
        >
          <FormattedMessage id="items.confirm" />
        </Button>
      ) : (
        <Button
          className="button primary"
          onPress={() => void settle(api.POST('/v1/action-items/{itemId}/done', path), 'reason')}
        >
          <FormattedMessage id="items.done" />
        </Button>
      )}
      {props.item.status === 'open' && (
        <Form onSubmit={block} validationErrors={errors} validationBehavior="aria" className="form inline">
          <SelectInput
            name="reason"
            label={intl.formatMessage({ id: 'items.block.reason' })}
            value={reason}
            onChange={(v) => setReason(v as BlockedReason)}
            options={BLOCKED_REASONS.map((r) => ({ value: r, label: label('blocked', r) }))}
            error={errors.reason}
          />
          <Button type="submit" className="button">
            <FormattedMessage id="items.block" />
          </Button>
        </Form>
      )}
      {others.length > 0 && props.item.status !== 'awaiting-confirmation' && (
        <Form onSubmit={handOver} validationErrors={errors} validationBehavior="aria" className="form inline">
          <SelectInput
            name="owner"
            label={intl.formatMessage({ id: 'items.handOver.to' })}
            value={to}
            onChange={setTo}
            options={others.map((p) => ({ value: p.id, label: p.displayName }))}
            error={errors.owner ?? errors['owner.participantId']}
          />
          <Button type="submit" className="button">
            <FormattedMessage id="items.handOver" />
          </Button>
        </Form>
      )}
    </div>
  );
}

/** "My actions": the open items the signed-in user owns, on any case (any owner, not only coordinators). */
export function MyActions() {
  const intl = useIntl();
  const [items, setItems] = useState<Item[]>();
  const [notice, setNotice] = useState<{ id: MessageKey } | { text: string }>();
  const load = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/action-items/mine');
    if (!data) {
      setNotice({ text: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) });
      return;
    }
    setItems(data.items);
  }, [intl]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div>
      <h1>
        <FormattedMessage id="myActions.title" />
      </h1>
      <p>
        <FormattedMessage id="myActions.intro" />
      </p>
      {notice && (
        <p role="status" className="notice">
          {'id' in notice ? <FormattedMessage id={notice.id} /> : notice.text}
        </p>
      )}
      {items === undefined ? (
        <p role="status">
          <FormattedMessage id="app.loading" />
        </p>
      ) : (
        <Section title={intl.formatMessage({ id: 'items.title' })}>
          <ActionItemList
            items={items}
            showCase
            onChanged={(id) => {
              setNotice({ id });
              void load();
            }}
          />
        </Section>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Dialog, DialogTrigger, Form, Heading, Modal, ModalOverlay } from 'react-aria-components';
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
      {props.team === undefined && props.item.status !== 'awaiting-confirmation' && (
        <HandOverDialog item={props.item} onChanged={props.onChanged} />
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

type Candidates = Schemas['HandOverCandidatesDto'];

/**
 * "Hand it over" for an owner who has no team list (on "My actions"): whom they may hand it to is
 * asked from the API when the dialog opens (names and roles only, within the consent).
 */
function HandOverDialog(props: { item: Item; onChanged: (message: MessageKey) => void }) {
  return (
    <DialogTrigger>
      <Button className="button">
        <FormattedMessage id="handOver.open" />
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => <HandOverForm item={props.item} close={close} onChanged={props.onChanged} />}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function HandOverForm(props: { item: Item; close: () => void; onChanged: (message: MessageKey) => void }) {
  const intl = useIntl();
  const [candidates, setCandidates] = useState<Candidates>();
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const path = { params: { path: { itemId: props.item.id } } };
  const failed = (problem: unknown, status: number) =>
    problemText(problem, intl.formatMessage({ id: 'app.error' }, { status }));

  const itemId = props.item.id;
  useEffect(() => {
    void (async () => {
      const { data, error, response } = await api.GET('/v1/action-items/{itemId}/hand-over-candidates', {
        params: { path: { itemId } },
      });
      if (!data) {
        setErrors({ owner: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) });
        return;
      }
      setCandidates(data);
      setTo(
        data.participants[0]
          ? `p:${data.participants[0].participantId}`
          : data.organisations[0]
            ? `o:${data.organisations[0].organisationId}`
            : '',
      );
    })();
  }, [itemId, intl]);

  const options = [
    ...(candidates?.participants ?? []).map((p) => ({
      value: `p:${p.participantId}`,
      label: p.role ? `${p.displayName} (${p.role})` : p.displayName,
    })),
    ...(candidates?.organisations ?? []).map((o) => ({
      value: `o:${o.organisationId}`,
      label: intl.formatMessage({ id: 'handOver.organisation' }, { id: o.organisationId }),
    })),
  ];

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const owner = to.startsWith('p:') ? { participantId: to.slice(2) } : { organisationId: to.slice(2) };
    const { error, response } = await api.POST('/v1/action-items/{itemId}/hand-over', { ...path, body: { owner } });
    if (error) {
      const byField = fieldErrors(error);
      setErrors(
        Object.keys(byField).length > 0
          ? { owner: Object.values(byField)[0] }
          : { owner: failed(error, response.status) },
      );
      return;
    }
    props.close();
    props.onChanged('handOver.done');
  }

  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <Heading slot="title">
        <FormattedMessage id="handOver.title" values={{ title: props.item.title }} />
      </Heading>
      {candidates === undefined && !errors.owner ? (
        <p role="status">
          <FormattedMessage id="app.loading" />
        </p>
      ) : options.length === 0 ? (
        <p>
          <FormattedMessage id={candidates?.teamShared === false ? 'handOver.notShared' : 'handOver.nobody'} />
        </p>
      ) : (
        <>
          <p>
            <FormattedMessage id="handOver.intro" />
          </p>
          <SelectInput
            name="owner"
            label={intl.formatMessage({ id: 'items.handOver.to' })}
            value={to}
            onChange={setTo}
            options={options}
            error={errors.owner}
            isRequired
          />
        </>
      )}
      {errors.owner && options.length === 0 && <p className="error">{errors.owner}</p>}
      <p>
        {options.length > 0 && (
          <Button type="submit" className="button primary">
            <FormattedMessage id="handOver.submit" />
          </Button>
        )}{' '}
        <Button className="button" onPress={props.close}>
          <FormattedMessage id="handOver.cancel" />
        </Button>
      </p>
    </Form>
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

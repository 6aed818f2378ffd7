import { type MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Checkbox } from 'react-aria-components';
import { api, problemText, type Schemas } from '../api/client.js';
import { SelectInput } from '../components/fields.js';
import { navigate } from '../router.js';
import { caseRef, useDateTime, useLabel } from '../format.js';

type Item = Schemas['WorklistItemDto'];
type Counts = Schemas['WorklistCountsDto'];
type Status = NonNullable<Item['status']>;
type Urgency = NonNullable<Item['urgency']>;

interface Filters {
  status: Status | '';
  urgency: Urgency | '';
  unacknowledged: boolean;
  overdue: boolean;
}

const PAGE = 100;
const COUNT_KEYS: ReadonlyArray<keyof Counts> = [
  'open',
  'urgent',
  'unacknowledged',
  'overdue',
  'escalated',
  'needsBassinConfirmation',
];

/** Urgent first, then the earliest due: what a coordinator must look at next comes first. */
function byPriority(a: Item, b: Item): number {
  if (a.urgency !== b.urgency) {
    return a.urgency === 'urgent' ? -1 : 1;
  }
  if (a.overdue !== b.overdue) {
    return a.overdue ? -1 : 1;
  }
  return (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff');
}

/** The coordinator's worklist: counts, filters, urgent first, cursor paging, live from the SSE stream. */
export function Worklist() {
  const intl = useIntl();
  const [filters, setFilters] = useState<Filters>({ status: '', urgency: '', unacknowledged: false, overdue: false });
  const [items, setItems] = useState<Item[]>();
  const [counts, setCounts] = useState<Counts>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const [live, setLive] = useState(false);

  const load = useCallback(
    async (after?: string) => {
      const {
        data,
        error: problem,
        response,
      } = await api.GET('/v1/cases', {
        params: {
          query: {
            limit: PAGE,
            ...(after ? { cursor: after } : {}),
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.urgency ? { urgency: filters.urgency } : {}),
            ...(filters.unacknowledged ? { hasUnacknowledgedSignals: 'true' as const } : {}),
            ...(filters.overdue ? { overdue: 'true' as const } : {}),
          },
        },
      });
      if (!data) {
        setError(problemText(problem, intl.formatMessage({ id: 'app.error' }, { status: response.status })));
        return;
      }
      setError(undefined);
      setCounts(data.counts);
      setCursor(data.nextCursor);
      setItems((previous) => (after && previous ? [...previous, ...data.items] : data.items));
    },
    [filters, intl],
  );

  useEffect(() => {
    void load();
  }, [load]);

  // Live updates: the stream says which case changed (ids and statuses only); the list is read again,
  // at most once per half second however many cases change at once.
  const reload = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const source = new EventSource('/v1/cases/stream');
    source.addEventListener('ready', () => setLive(true));
    source.addEventListener('case', () => {
      clearTimeout(reload.current);
      reload.current = setTimeout(() => void load(), 500);
    });
    source.onerror = () => setLive(false);
    return () => {
      clearTimeout(reload.current);
      source.close();
    };
  }, [load]);

  const sorted = items ? [...items].sort(byPriority) : undefined;
  const label = useLabel();

  return (
    <div>
      <h1>
        <FormattedMessage id="worklist.title" />
      </h1>
      {live && (
        <p className="live" role="status">
          <FormattedMessage id="worklist.live" />
        </p>
      )}
      {counts && (
        <section aria-labelledby="counts-title">
          <h2 id="counts-title" className="visually-hidden">
            <FormattedMessage id="worklist.counts" />
          </h2>
          <dl className="counts">
            {COUNT_KEYS.map((k) => (
              <div key={k} className={`count count-${k}`}>
                <dt>
                  <FormattedMessage id={`worklist.count.${k}`} />
                </dt>
                <dd>{counts[k]}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <fieldset className="filters">
        <legend>
          <FormattedMessage id="worklist.filters" />
        </legend>
        <SelectInput
          name="status"
          label={intl.formatMessage({ id: 'worklist.filter.status' })}
          value={filters.status}
          onChange={(v) => setFilters({ ...filters, status: v as Filters['status'] })}
          options={[
            { value: '', label: intl.formatMessage({ id: 'worklist.filter.any' }) },
            ...(['opened', 'acknowledged', 'escalated', 'closed'] as const).map((s) => ({
              value: s,
              label: label('status', s),
            })),
          ]}
        />
        <SelectInput
          name="urgency"
          label={intl.formatMessage({ id: 'worklist.filter.urgency' })}
          value={filters.urgency}
          onChange={(v) => setFilters({ ...filters, urgency: v as Filters['urgency'] })}
          options={[
            { value: '', label: intl.formatMessage({ id: 'worklist.filter.any' }) },
            ...(['urgent', 'normal'] as const).map((u) => ({ value: u, label: label('urgency', u) })),
          ]}
        />
        <Checkbox
          className="checkbox"
          isSelected={filters.unacknowledged}
          onChange={(v) => setFilters({ ...filters, unacknowledged: v })}
        >
          <FormattedMessage id="worklist.filter.unacknowledged" />
        </Checkbox>
        <Checkbox
          className="checkbox"
          isSelected={filters.overdue}
          onChange={(v) => setFilters({ ...filters, overdue: v })}
        >
          <FormattedMessage id="worklist.filter.overdue" />
        </Checkbox>
      </fieldset>
      {error && (
        <p role="alert" className="summary-error">
          {error}
        </p>
      )}
      {sorted === undefined ? (
        <p role="status">
          <FormattedMessage id="app.loading" />
        </p>
      ) : sorted.length === 0 ? (
        <p>
          <FormattedMessage id="worklist.empty" />
        </p>
      ) : (
        <WorklistTable items={sorted} />
      )}
      {cursor && (
        <Button className="button" onPress={() => void load(cursor)}>
          <FormattedMessage id="worklist.more" />
        </Button>
      )}
    </div>
  );
}

/**
 * A plain link navigated in the app: a thousand rows of react-aria Links (each with press, hover and
 * focus hooks) made the first render of a large worklist one long task (bench/web).
 */
function followInApp(e: MouseEvent<HTMLAnchorElement>): void {
  if (e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey) {
    e.preventDefault();
    navigate(e.currentTarget.pathname);
  }
}

/** One row per case; plain table markup so that 1 000 rows stay cheap (no per-row hooks). */
export function WorklistTable({ items }: { items: Item[] }) {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  return (
    <table className="worklist" data-testid="worklist">
      <thead>
        <tr>
          <th scope="col">
            <FormattedMessage id="worklist.col.case" />
          </th>
          <th scope="col">
            <FormattedMessage id="worklist.col.type" />
          </th>
          <th scope="col">
            <FormattedMessage id="worklist.col.urgency" />
          </th>
          <th scope="col">
            <FormattedMessage id="worklist.col.status" />
          </th>
          <th scope="col">
            <FormattedMessage id="worklist.col.signals" />
          </th>
          <th scope="col">
            <FormattedMessage id="worklist.col.due" />
          </th>
          <th scope="col">
            <FormattedMessage id="worklist.col.opened" />
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.caseId} className={item.urgency === 'urgent' ? 'urgent' : undefined}>
            <th scope="row">
              <a
                className="link"
                href={`/cases/${item.caseId}`}
                onClick={followInApp}
                aria-label={intl.formatMessage({ id: 'worklist.open' }, { ref: caseRef(item.caseId) })}
              >
                {caseRef(item.caseId)}
              </a>
            </th>
            <td>{label('type', item.type)}</td>
            <td>{label('urgency', item.urgency)}</td>
            <td>{label('status', item.status)}</td>
            <td>{item.unacknowledgedSignals}</td>
            <td>
              {when(item.dueAt)}
              {item.overdue && (
                <strong className="overdue">
                  {' '}
                  <FormattedMessage id="worklist.overdue" />
                </strong>
              )}
            </td>
            <td>{when(item.openedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

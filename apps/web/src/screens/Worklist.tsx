import {
  type KeyboardEvent,
  memo,
  type MouseEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
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

/**
 * The new list, with each case that did not change kept as the very object already rendered: a live
 * reload (one per SSE burst) then re-renders only the rows whose case changed (memoised rows).
 */
function keepUnchanged(previous: Item[] | undefined, next: Item[]): Item[] {
  if (!previous) {
    return next;
  }
  const known = new Map(previous.map((item) => [item.caseId, item]));
  let changed = previous.length !== next.length;
  const merged = next.map((item, i) => {
    const old = known.get(item.caseId);
    const same =
      old !== undefined &&
      Object.keys(item).length === Object.keys(old).length &&
      (Object.keys(item) as Array<keyof Item>).every((k) => item[k] === old[k]);
    changed ||= !same || previous[i] !== old;
    return same ? old : item;
  });
  return changed ? merged : previous;
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
      setItems((previous) => keepUnchanged(previous, after && previous ? [...previous, ...data.items] : data.items));
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

  const sorted = useMemo(() => (items ? [...items].sort(byPriority) : undefined), [items]);
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

/** Rows rendered above and below the visible ones: room for fast scrolling and for the next Tab. */
const OVERSCAN = 10;
/** The first guess of a row's height (px), corrected by measuring a rendered row. */
const ROW_GUESS_PX = 37;
const COLUMN_CLASSES = ['col-case', 'col-type', 'col-urgency', 'col-status', 'col-signals', 'col-due', 'col-opened'];
const COLUMNS = COLUMN_CLASSES.length;

/** The formatting every row shares, built once per language so memoised rows keep equal props. */
interface RowFormat {
  when(iso: string | undefined): string;
  /** The day alone, in Brussels: a review is due on a day, not at midnight. */
  day(iso: string | undefined): string;
  label(prefix: string, value: string | undefined): string;
  openLabel(ref: string): string;
  overdue: string;
  /** What the due time is, in words ("Review due"), or nothing for an item that does not say. */
  dueKind(kind: Item['dueKind'] | undefined): string | undefined;
}

const WorklistRow = memo(function WorklistRow({
  item,
  index,
  format,
}: {
  item: Item;
  index: number;
  format: RowFormat;
}) {
  return (
    <tr aria-rowindex={index + 2} data-index={index} className={item.urgency === 'urgent' ? 'urgent' : undefined}>
      <th scope="row">
        <a
          className="link"
          href={`/cases/${item.caseId}`}
          onClick={followInApp}
          aria-label={format.openLabel(caseRef(item.caseId))}
        >
          {caseRef(item.caseId)}
        </a>
      </th>
      <td>{format.label('type', item.type)}</td>
      <td>{format.label('urgency', item.urgency)}</td>
      <td>{format.label('status', item.status)}</td>
      <td>{item.unacknowledgedSignals}</td>
      <td>
        {item.dueAt && format.dueKind(item.dueKind) && (
          <span className="due-kind">{format.dueKind(item.dueKind)} </span>
        )}
        {item.dueKind === 'review' ? format.day(item.dueAt) : format.when(item.dueAt)}
        {item.overdue && <strong className="overdue"> {format.overdue}</strong>}
      </td>
      <td>{format.when(item.openedAt)}</td>
    </tr>
  );
});

/**
 * The worklist table, windowed: however long the list, only the rows in view (and OVERSCAN either
 * side) are in the DOM, between two spacer rows that keep the scroll height of the whole list. It
 * stays a table for assistive technology: `aria-rowcount` gives the full count and each row its
 * `aria-rowindex`. Tab moves through the rendered links (the browser scrolls the next one into view,
 * which renders the rows after it); ArrowUp/ArrowDown, Home and End move between cases anywhere in
 * the list.
 */
export function WorklistTable({ items }: { items: Item[] }) {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  const format = useMemo<RowFormat>(
    () => ({
      when,
      day: (iso) => (iso ? intl.formatDate(iso, { dateStyle: 'medium', timeZone: intl.timeZone }) : '—'),
      label,
      openLabel: (ref) => intl.formatMessage({ id: 'worklist.open' }, { ref }),
      overdue: intl.formatMessage({ id: 'worklist.overdue' }),
      dueKind: (kind) => (kind ? intl.formatMessage({ id: `worklist.dueKind.${kind}` }) : undefined),
    }),
    // `when` and `label` are new functions each render but depend only on the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [intl],
  );

  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [rowPx, setRowPx] = useState(ROW_GUESS_PX);
  const pendingFocus = useRef<number>(undefined);
  const frame = useRef(0);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (el) {
      const headPx = head.current?.offsetHeight ?? 0;
      setView((v) =>
        v.top === el.scrollTop - headPx && v.height === el.clientHeight
          ? v
          : { top: el.scrollTop - headPx, height: el.clientHeight },
      );
    }
  }, []);
  const onScroll = useCallback(() => {
    // One window update per frame, however many scroll events the frame had.
    if (!frame.current) {
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        measure();
      });
    }
  }, [measure]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) {
      return undefined;
    }
    const resized = new ResizeObserver(measure);
    resized.observe(el);
    return () => {
      resized.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [measure]);

  const count = items.length;
  // A filter or a reload can shorten the list under the current scroll position: read it again.
  useLayoutEffect(measure, [count, measure]);
  const last = Math.min(count, Math.max(0, Math.ceil((view.top + view.height) / rowPx)) + OVERSCAN);
  // Never an empty window: a scroll position read before a new row height (or a shorter list) is
  // applied may point past the end; the window then ends on the last rows rather than on nothing.
  const first = Math.max(
    0,
    Math.min(Math.floor(view.top / rowPx) - OVERSCAN, last - Math.ceil(view.height / rowPx) - 2 * OVERSCAN),
  );

  useLayoutEffect(() => {
    const body = scroller.current?.querySelector('tbody');
    // The row height follows the text size (200 % zoom): measured on a rendered row, not assumed.
    const height = body?.querySelector<HTMLElement>('tr[data-index]')?.getBoundingClientRect().height;
    if (height && Math.abs(height - rowPx) > 0.25) {
      setRowPx(height);
    }
    if (pendingFocus.current !== undefined) {
      const link = body?.querySelector<HTMLAnchorElement>(`tr[data-index="${pendingFocus.current}"] a`);
      if (link) {
        pendingFocus.current = undefined;
        link.focus();
      }
    }
    // Whenever other rows are rendered: a new window, a new list, a new row height.
  }, [first, last, items, rowPx]);

  const focusRow = (index: number) => {
    const el = scroller.current;
    const target = Math.max(0, Math.min(count - 1, index));
    const link = el?.querySelector<HTMLAnchorElement>(`tbody tr[data-index="${target}"] a`);
    if (link) {
      link.focus();
      return;
    }
    if (el) {
      // Not rendered yet: scroll it into the window, focus it once rendered.
      pendingFocus.current = target;
      el.scrollTop = target * rowPx;
      measure();
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
    if (!row || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
      return;
    }
    const index = Number(row.dataset.index);
    const page = Math.max(1, Math.floor(view.height / rowPx) - 1);
    const to = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: count - 1,
    }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      focusRow(to);
    }
  };

  return (
    <div className="worklist-scroll" ref={scroller} onScroll={onScroll}>
      <table className="worklist" data-testid="worklist" aria-rowcount={count + 1} aria-describedby="worklist-keys">
        {/* Widths shared out by what the columns hold (the due column says what is due, then when). */}
        <colgroup>
          {COLUMN_CLASSES.map((c) => (
            <col key={c} className={c} />
          ))}
        </colgroup>
        <thead ref={head}>
          <tr aria-rowindex={1}>
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
        <tbody onKeyDown={onKeyDown}>
          {first > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: first * rowPx }} />
            </tr>
          )}
          {items.slice(first, last).map((item, i) => (
            <WorklistRow key={item.caseId} item={item} index={first + i} format={format} />
          ))}
          {last < count && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: (count - last) * rowPx }} />
            </tr>
          )}
        </tbody>
      </table>
      <p id="worklist-keys" className="visually-hidden">
        <FormattedMessage id="worklist.keys" />
      </p>
    </div>
  );
}

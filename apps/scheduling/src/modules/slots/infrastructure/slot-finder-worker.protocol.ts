import { AppException } from '#concerto/ddd';
import { SlotSearchError } from '../domain/slot-search.exception.js';
import type { BusyInterval, SlotSearch, SlotSearchResult } from '../domain/slot-search.types.js';

/**
 * Messages between SlotFinderWorkerPool and slot-finder.worker. Busy intervals travel as one
 * transferred Float64Array instead of thousands of cloned Date objects: cloning 15 × 200 Dates
 * costs the caller thread more than the search itself.
 */
export interface SlotFinderRequest {
  /** The search with every busy list emptied. */
  readonly search: SlotSearch;
  /** [start, end] epoch-ms pairs: each participant's list in order, then each location's. */
  readonly busy: Float64Array;
  readonly counts: Uint32Array;
}

export type SlotFinderResponse =
  { readonly ok: true; readonly result: SlotSearchResult } | { readonly ok: false; readonly error: SerialisedError };

export interface SerialisedError {
  readonly name: string;
  readonly message: string;
  readonly field?: string;
}

const ms = (value: unknown): number => (value instanceof Date ? value.getTime() : Number.NaN);

export function encodeRequest(search: SlotSearch): { request: SlotFinderRequest; transfer: ArrayBuffer[] } {
  const lists: Array<readonly BusyInterval[]> = [
    ...search.participants.map((p) => p.busy),
    ...(search.locations ?? []).map((l) => l.busy ?? []),
  ];
  const counts = Uint32Array.from(lists, (list) => list.length);
  const busy = new Float64Array(2 * counts.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const list of lists) {
    for (const b of list) {
      busy[at++] = ms(b?.start);
      busy[at++] = ms(b?.end);
    }
  }
  const request: SlotFinderRequest = {
    search: {
      ...search,
      participants: search.participants.map((p) => ({ ...p, busy: [] })),
      locations: (search.locations ?? []).map((l) => ({ ...l, busy: [] })),
    },
    busy,
    counts,
  };
  return { request, transfer: [busy.buffer, counts.buffer] };
}

/** Invalid dates come back as Invalid Date, so validation names the same field as in-thread. */
export function decodeRequest(request: SlotFinderRequest): SlotSearch {
  let list = 0;
  let at = 0;
  const next = (): BusyInterval[] => {
    const count = request.counts[list++] ?? 0;
    const out = new Array<BusyInterval>(count);
    for (let j = 0; j < count; j++, at += 2) {
      out[j] = { start: new Date(request.busy[at]), end: new Date(request.busy[at + 1]) };
    }
    return out;
  };
  const participants = request.search.participants.map((p) => ({ ...p, busy: next() }));
  const locations = request.search.locations.map((l) => ({ ...l, busy: next() }));
  return { ...request.search, participants, locations };
}

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof SlotSearchError) {
    return { name: error.name, message: error.message, field: error.field };
  }
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Input errors keep their class (422 at the edge); anything else is the finder being unavailable. */
export function reviveError(error: SerialisedError): AppException {
  if (error.name === 'SlotSearchError' && error.field !== undefined) {
    return new SlotSearchError(error.field, error.message);
  }
  return new AppException('SLOT_FINDER_FAILED', 'unavailable', 'The slot finder failed; retry shortly.', {
    cause: `${error.name}: ${error.message}`.slice(0, 300),
  });
}

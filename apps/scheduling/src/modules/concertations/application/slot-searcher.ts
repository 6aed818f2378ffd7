import type { SlotSearch, SlotSearchResult } from '../../slots/domain/slot-search.types.js';

/** Port: the slot search as the search-slots query sees it (bound to the slots context's finder, off the event loop when it can be). */
export abstract class SlotSearcher {
  abstract findSlots(search: SlotSearch): Promise<SlotSearchResult>;
}

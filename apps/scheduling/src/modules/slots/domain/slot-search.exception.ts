import { AppException } from '#concerto/ddd';

/**
 * Invalid slot-search input (a limit exceeded, a malformed time, an unknown reference). The HTTP
 * edge maps it to 422 like any AppException of kind 'invalid'; `field` names the offending input.
 */
export class SlotSearchError extends AppException {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('SLOT_SEARCH_INVALID', 'invalid', message, { field });
    this.name = 'SlotSearchError';
  }
}

import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { MessageKey } from './i18n/index.js';

/** Date and time in Brussels (IntlProvider's timeZone), in the reader's language. */
export function useDateTime(): (iso: string | undefined) => string {
  const intl = useIntl();
  // One formatter per language, reused for every row of a long list.
  const format = useMemo(
    () => new Intl.DateTimeFormat(intl.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: intl.timeZone }),
    [intl.locale, intl.timeZone],
  );
  return (iso) => (iso ? format.format(new Date(iso)) : '—');
}

/** A catalogue key built from an API enum value, falling back to the raw value for a new one. */
export function useLabel(): (prefix: string, value: string | undefined) => string {
  const intl = useIntl();
  return (prefix, value) => {
    if (value === undefined) {
      return '—';
    }
    const id = `${prefix}.${value}` as MessageKey;
    return intl.messages[id] !== undefined ? intl.formatMessage({ id }) : value;
  };
}

/** A short, stable reference to a case for people (its id's first block), never the person's name. */
export const caseRef = (caseId: string) => caseId.slice(0, 8);

/** A text field of a submitted form, trimmed ('' when absent; files are not text). */
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value.trim() : '';
}

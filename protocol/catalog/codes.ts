/**
 * The wire code of an error description (PROTOCOL.md §1): lower snake_case, punctuation dropped.
 * "Feed overflow (not all data recorded)" → "feed_overflow_not_all_data_recorded".
 */
export function toErrorCode (description: string): string {
  return description
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

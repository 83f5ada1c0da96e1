const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** A date and time for tables and properties; an em dash when there is none. */
export const formatDate = (value: string | null | undefined) =>
  value ? dateFormat.format(new Date(value)) : '—';

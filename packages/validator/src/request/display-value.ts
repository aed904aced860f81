const MAX_SHOWN = 60;
/** Deeper structure is shown as `…`: a hostile body may nest thousands of levels (JSON.stringify would overflow the stack). */
const MAX_DEPTH = 4;

/** A value as error messages quote it: strings in single quotes (as upstream), long ones cut short. */
export function displayValue(value: unknown): string {
  const text = typeof value === 'string' ? value : shortJson(value, MAX_DEPTH);
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return typeof value === 'string' ? `'${shown}'` : shown;
}

/**
 * A value as upstream's `'%s' % data` prints it, without quotes: Python's None,
 * True and False for JSON's null, true and false; long ones cut short.
 */
export function pythonText(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : value === null
        ? 'None'
        : typeof value === 'boolean'
          ? value
            ? 'True'
            : 'False'
          : shortJson(value, MAX_DEPTH);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** JSON text of a value down to `depth` levels; at most a few entries of each level are written. */
function shortJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth === 0) return '…';
  if (Array.isArray(value)) {
    return `[${value
      .slice(0, 8)
      .map((item) => shortJson(item, depth - 1))
      .join(',')}${value.length > 8 ? ',…' : ''}]`;
  }
  const entries = Object.entries(value);
  return `{${entries
    .slice(0, 8)
    .map(([key, item]) => `${JSON.stringify(key)}:${shortJson(item, depth - 1)}`)
    .join(',')}${entries.length > 8 ? ',…' : ''}}`;
}

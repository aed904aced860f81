const MAX_SHOWN = 60;

/** A value as error messages quote it: strings in single quotes (as upstream), long ones cut short. */
export function displayValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return typeof value === 'string' ? `'${shown}'` : shown;
}

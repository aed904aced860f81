/** Now, in the API's `YYYY-mm-dd HH:MM:SS.ffffff` form (UTC, no T, no zone). */
export function createdAt(now = new Date()): string {
  const micros = String(now.getUTCMilliseconds() * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0');
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}.${micros}`;
}

// Reads `swanctl --list-sas --raw`: vici's list-sa events printed as
// `list-sa event {<ike> {key=value … child-sas {<child> {key=value …}}}}`.
// Only the keys the driver needs are kept.

export interface ChildSa {
  readonly name: string;
  readonly state: string;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

export interface IkeSa {
  readonly name: string;
  readonly state: string;
  readonly children: readonly ChildSa[];
}

type Section = { [key: string]: string | string[] | Section };

/** Parses one `{…}` body of key=value pairs, lists and named sub-sections. */
function parseSection(tokens: string[], position: { at: number }): Section {
  const section: Section = {};
  while (position.at < tokens.length) {
    const token = tokens[position.at++] as string;
    if (token === '}') return section;
    const equals = token.indexOf('=');
    if (equals > 0) {
      const key = token.slice(0, equals);
      const value = token.slice(equals + 1);
      if (value === '[') {
        const items: string[] = [];
        while (position.at < tokens.length && tokens[position.at] !== ']')
          items.push(tokens[position.at++] as string);
        position.at++;
        section[key] = items;
      } else {
        section[key] = value;
      }
    } else if (tokens[position.at] === '{') {
      position.at++;
      section[token] = parseSection(tokens, position);
    }
  }
  return section;
}

export function parseListSas(raw: string): IkeSa[] {
  // Brackets become tokens of their own; values have no spaces in what we render.
  const tokens = raw
    .replace(/([{}[\]])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
  const sas: IkeSa[] = [];
  for (let at = 0; at < tokens.length; at++) {
    if (tokens[at] !== 'list-sa' || tokens[at + 1] !== 'event' || tokens[at + 2] !== '{') continue;
    const position = { at: at + 3 };
    const event = parseSection(tokens, position);
    at = position.at - 1;
    for (const [name, body] of Object.entries(event)) {
      if (typeof body !== 'object' || Array.isArray(body)) continue;
      const childSection = (body['child-sas'] ?? {}) as Section;
      const children = Object.values(childSection)
        .filter((child): child is Section => typeof child === 'object' && !Array.isArray(child))
        .map((child) => ({
          name: String(child.name ?? ''),
          state: String(child.state ?? ''),
          bytesIn: Number(child['bytes-in'] ?? 0),
          bytesOut: Number(child['bytes-out'] ?? 0),
        }));
      sas.push({ name, state: String(body.state ?? ''), children });
    }
  }
  return sas;
}

// SQLite reads a row's columns packed into one JSON array (`json_array(…)`),
// which is cheaper than a JS value per column. What a caller reads must not
// change: the same values, to the character and the integer, NULLs as null,
// rows in the query's order; and only queries whose every column JSON carries
// exactly are packed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, packedSql, type ResultColumn } from '../src/database/sqlite.dialect.js';

const column = (name: string, type: string | null = 'TEXT', table: string | null = 't'): ResultColumn => ({
  name,
  column: type === null ? null : name,
  table: type === null ? null : table,
  type,
});

describe('packedSql', () => {
  it("packs Kysely's lists of column references, aliases and qualified names included", () => {
    expect(
      packedSql('select "a", "t"."b" as "c" from "t" where "a" = ? order by "b" desc limit ?', [
        column('a'),
        column('c', 'INTEGER'),
      ]),
    ).toBe('select json_array("a", "t"."b") from "t" where "a" = ? order by "b" desc limit ?');
    expect(packedSql('select * from "t" where "a" = ?', [column('a'), column('b', 'integer')])).toBe(
      'select json_array("a", "b") from "t" where "a" = ?',
    );
  });

  it('leaves alone what JSON would not carry exactly, or what it cannot tell apart', () => {
    // An expression, a REAL, a BLOB and a JSON column, one column only, `*` over two tables, DISTINCT.
    expect(
      packedSql('select "a", count(*) as "n" from "t"', [column('a'), column('n', null)]),
    ).toBeUndefined();
    expect(packedSql('select "a", "r" from "t"', [column('a'), column('r', 'REAL')])).toBeUndefined();
    expect(packedSql('select "a", "b" from "t"', [column('a'), column('b', 'BLOB')])).toBeUndefined();
    // A column of JSON texts (a connection's stored answer) is read as it is, not escaped and parsed back.
    expect(packedSql('select "a", "j" from "t"', [column('a'), column('j', 'json')])).toBeUndefined();
    expect(packedSql('select "a" from "t"', [column('a')])).toBeUndefined();
    expect(
      packedSql('select * from "t" inner join "u" on "u"."a" = "t"."a"', [
        column('a'),
        column('b', 'TEXT', 'u'),
      ]),
    ).toBeUndefined();
    expect(packedSql('select distinct "a", "b" from "t"', [column('a'), column('b')])).toBeUndefined();
  });
});

describe('rows read through the SQLite dialect', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-packed-rows-'));
  const engine = openSqlite(join(dataDir, 'rows.sqlite'));
  const db = new Kysely<{
    items: { id: string; label: string; size: number | null; position: number };
    notes: { item_id: string; note: string };
  }>({ dialect: engine.dialect });
  afterAll(async () => {
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Quotes, backslashes, control characters, JSON's own separators, characters outside the BMP
  // and U+2028 (valid in JSON, once not in JS source).
  const labels = [
    'plain',
    'say "hi"',
    'back\\slash',
    'tab\tnew\nline\u0001',
    '[1,2]',
    '😀 ünï',
    '\u2028',
    '',
  ];
  const items = labels.map((label, index) => ({
    id: `item-${index}`,
    label,
    size: index % 3 === 0 ? null : index === 1 ? Number.MAX_SAFE_INTEGER : -index,
    position: labels.length - index,
  }));

  it('gives back every value as stored, NULL as null, in the order asked for', async () => {
    await sql`create table items (id text primary key, label text not null, size integer, position integer not null)`.execute(
      db,
    );
    await sql`create table notes (item_id text not null, note text not null)`.execute(db);
    await db.insertInto('items').values(items).execute();
    await db.insertInto('notes').values({ item_id: 'item-1', note: 'only one' }).execute();

    const everything = await db.selectFrom('items').selectAll().orderBy('position').execute();
    expect(everything).toEqual([...items].reverse());
    const aliased = await db
      .selectFrom('items')
      .select(['items.id as key', 'items.label', 'items.size'])
      .orderBy('position', 'desc')
      .limit(3)
      .execute();
    expect(aliased).toEqual(items.slice(0, 3).map(({ id, label, size }) => ({ key: id, label, size })));
    const joined = await db
      .selectFrom('items')
      .leftJoin('notes', 'notes.item_id', 'items.id')
      .select(['items.id', 'notes.note'])
      .where('items.id', 'in', ['item-0', 'item-1'])
      .orderBy('items.id')
      .execute();
    expect(joined).toEqual([
      { id: 'item-0', note: null },
      { id: 'item-1', note: 'only one' },
    ]);
  });
});

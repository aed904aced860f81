// On PostgreSQL, start-up says so when autovacuum is off: the planner's statistics then go stale as
// tables grow, and list pages slow down with them (database.service.ts). Whether it is off is the
// server's setting, not the database's, so the test asks the server and expects the warning exactly then.
import { expect, it } from 'vitest';
import { collectedLog } from './support/collected-log.js';
import { admin } from './support/test-database.js';
import { call, startServer } from './support/test-server.js';

const autovacuumSetting = () =>
  admin((client) =>
    client.query<{ autovacuum: string }>("select current_setting('autovacuum') as autovacuum"),
  ).then(({ rows }) => rows[0]?.autovacuum ?? 'unknown');

it('warns once at start-up, naming the fix, exactly when the PostgreSQL server runs autovacuum off', async () => {
  const setting = await autovacuumSetting();
  const log = collectedLog();
  const server = await startServer({ logLevel: 'warn' }, { logDestination: log.destination });
  try {
    expect((await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections')).status).toBe(200);
    const warnings = log.lines().filter((line) => String(line.msg).includes('autovacuum'));
    if (setting === 'on') {
      expect(warnings).toEqual([]);
    } else {
      expect(warnings).toEqual([
        {
          level: 40,
          msg: 'PostgreSQL runs with autovacuum off: its statistics of the tables go stale as they grow, and list pages slow down with them. Turn autovacuum on, or run ANALYZE regularly.',
        },
      ]);
    }
  } finally {
    await server.close();
  }
});

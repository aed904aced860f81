// Validates the seed's create request, valid and invalid, three ways in one run:
//   - @vpnaas/validator (wrapper checks, conversions, defaults, extra rules, messages),
//   - the floor: a bare call of the Ajv function compiled from the same schema and options,
//   - the NestJS default: class-transformer + class-validator DTOs, run as Nest's ValidationPipe
//     runs them (plainToInstance, then the asynchronous validate()), with whitelisting.
// Prints ops/s and the ratios. Run: pnpm --filter @vpnaas/validator bench
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadRuleSetSchema } from '@vpnaas/schema';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createAjv } from '../scripts/ajv-options.js';
import { validateIpsecSiteConnectionCreate } from '../src/index.js';
import { IpsecSiteConnectionCreateRequestDto } from './class-validator.dto.js';

const seedPath = createRequire(import.meta.url).resolve(
  '@vpnaas/schema/examples/ipsec-site-connection.create.request.json',
);
const validBody = JSON.parse(readFileSync(seedPath, 'utf8'));
const invalidBody = structuredClone(validBody);
invalidBody.ipsec_site_connection.psk = 'secret?';

const bareAjv = createAjv('otc', loadRuleSetSchema('otc')).getSchema(
  'otc#/definitions/IpsecSiteConnectionCreateRequest',
);
if (!bareAjv) throw new Error('no IpsecSiteConnectionCreateRequest definition');

type Candidate = { name: string; run: (body: unknown) => boolean | Promise<boolean> };
const candidates: Candidate[] = [
  { name: 'bare ajv (floor)', run: (body) => bareAjv(body) as boolean },
  { name: '@vpnaas/validator', run: (body) => validateIpsecSiteConnectionCreate(body).ok },
  {
    name: 'class-validator',
    run: async (body) =>
      (
        await validate(plainToInstance(IpsecSiteConnectionCreateRequestDto, body), {
          whitelist: true,
          forbidNonWhitelisted: true,
        })
      ).length === 0,
  },
];

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CALLS = Number(process.env.BENCH_CALLS ?? 50_000);
let sink = 0;

/**
 * Calls per second over one round. Every call gets a freshly parsed body, as a
 * service does: bare Ajv fills defaults into the object it is given, so a reused
 * body would spare it the work the others do. Parsing is not timed.
 */
async function round(candidate: Candidate, text: string): Promise<number> {
  const bodies = Array.from({ length: CALLS }, () => JSON.parse(text));
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    let valid = candidate.run(bodies[i]);
    if (valid instanceof Promise) valid = await valid;
    if (valid) sink++;
  }
  return CALLS / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(label: string, body: unknown, expected: boolean): Promise<Map<string, number>> {
  const text = JSON.stringify(body);
  for (const candidate of candidates) {
    if ((await candidate.run(JSON.parse(text))) !== expected) {
      throw new Error(`${candidate.name} got the ${label} body wrong`);
    }
    await round(candidate, text); // warm-up
  }
  const samples = new Map(candidates.map((c) => [c.name, [] as number[]]));
  // Round-robin, so that drift on a shared machine hits every candidate alike.
  for (let r = 0; r < ROUNDS; r++)
    for (const c of candidates) samples.get(c.name)?.push(await round(c, text));
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

const format = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `node ${process.version}, ${ROUNDS} rounds of ${CALLS} calls, each on a freshly parsed body; median ops/s\n`,
);
console.log(
  '| body | bare ajv (floor) | @vpnaas/validator | class-validator | ours / floor | ours / class-validator |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const [label, body, expected] of [
  ['valid (seed request)', validBody, true],
  ['invalid (psk with ?)', invalidBody, false],
] as const) {
  const ops = await measure(label, body, expected);
  const floor = ops.get('bare ajv (floor)') as number;
  const ours = ops.get('@vpnaas/validator') as number;
  const classValidator = ops.get('class-validator') as number;
  console.log(
    `| ${label} | ${format(floor)} | ${format(ours)} | ${format(classValidator)} | ${(ours / floor).toFixed(2)} | ${(ours / classValidator).toFixed(1)}× |`,
  );
}
console.log('\nTargets on the valid body: ours / floor ≥ 0.80, ours / class-validator ≥ 20×.');
if (sink < 0) console.log(sink);

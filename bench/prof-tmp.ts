import { buildOrg, defaultShape, generateBatches } from './bench-data.js';
import { openBenchDatabase } from './bench-database.js';
import { parseEvent } from '../src/ingest/event-schema.js';
import { priceEvent } from '../src/domain/usage-event.js';
import { loadPriceTable } from '../src/ingest/load-prices.js';
import { insertUsageEvents } from '../src/store/usage-events-store.js';
const n = Number(process.argv[2] ?? 200000);
const bench = await openBenchDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '', port: 0 });
const org = buildOrg(defaultShape(10_000_000));
const prices = await loadPriceTable(undefined);
let gen = 0, parse = 0, db = 0, count = 0;
const it = generateBatches(org, 5000);
const now = new Date('2026-11-20T12:00:00Z');
while (count < n) {
  let t = performance.now();
  const b = it.next().value!; const s = JSON.stringify({events: b});
  gen += performance.now() - t; t = performance.now();
  const body = JSON.parse(s).events as unknown[];
  const evs = body.map((x) => { const p = parseEvent(x, now); if (!p.ok) throw new Error(p.error); return priceEvent(p.event, prices); });
  parse += performance.now() - t; t = performance.now();
  await insertUsageEvents(bench.db, evs);
  db += performance.now() - t;
  count += b.length;
}
console.log({ count, genMsPer1k: gen / count * 1000, parseMsPer1k: parse / count * 1000, dbMsPer1k: db / count * 1000 });
const sizes = await bench.db.query(`select relname, pg_total_relation_size(oid) b from pg_class where relnamespace='public'::regnamespace and relkind='r' order by 2 desc limit 8`);
console.log(sizes, (await bench.db.query('select count(*) from daily_spend'))[0], (await bench.db.query('select count(*) from task_totals'))[0],(await bench.db.query('select count(*) from daily_tag_spend'))[0]);
await bench.close();

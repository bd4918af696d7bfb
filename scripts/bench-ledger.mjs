// The rectification ledger's benchmark, run by scripts/bench.mjs in the same run as the raw
// Temporal baseline (issue 9): registering ITEMS items through POST /campaigns/:id/ledger/import
// (check + write, then until every workflow runs), the worker's RSS with them open, the latency
// of register entries after their due instant in a rehearsal, GET /api/v1/items p50 / p99, and
// the largest item history over twelve months of campaign time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;
const shanghaiDay = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const quantiles = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, p50: q(0.5), p99: q(0.99), max: s.at(-1) };
};
/** RSS of a process in bytes, from /proc (Linux). */
const rssOf = (pid) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
};
/** The largest RSS among the worker processes (each is its own process with its own limit). */
const largestRss = (pids) => Math.max(...pids.map(rssOf));

/**
 * ctx: { root, say, apiPort, token, db (pg Pool), client (Temporal), workerPids, raw (workflows/s),
 * coveredUnitId, units [{id}], people (count of BENCH-n staff), planFactory, options }
 */
export async function benchLedger(ctx) {
  const { say, apiPort, token, db, client, workerPids, raw } = ctx;
  const {
    items: ITEMS = 5000,
    scale: SCALE = 1440,
    deadlineDays: DEADLINE_DAYS = 200,
    rungWindowSeconds: WINDOW = 120,
    itemsSamples: SAMPLES = 300,
    historySeconds: HISTORY_SECONDS = 40,
  } = ctx.options;
  const { CampaignClock } = await import(join(ctx.root, 'dist/libs/domain/src/index.js'));
  const { apiCaller, noticesLadderLaunch } = await import(
    join(ctx.root, 'dist/libs/testing/src/index.js')
  );
  const call = apiCaller(`http://127.0.0.1:${apiPort}`, token);
  const launch = async (title, timeScale, phaseMs) => {
    const plan = ctx.planFactory({
      title,
      coveredUnitId: ctx.coveredUnitId,
      startInMs: 0,
      phaseMs,
    });
    // Items climb untouched: a ladder of notices (the default plan's rungs wait on desks).
    const campaign = await call('POST', '/campaigns', {
      ...noticesLadderLaunch(plan),
      rehearsal: { timeScale },
    });
    const [row] = (
      await db.query(
        `SELECT time_scale, clock_campaign_anchor, clock_workflow_anchor FROM campaigns WHERE id = $1`,
        [campaign.id],
      )
    ).rows;
    const clock = new CampaignClock({
      timeScale: row.time_scale,
      campaignAnchor: row.clock_campaign_anchor.getTime(),
      workflowAnchor: row.clock_workflow_anchor.getTime(),
    });
    return { id: campaign.id, clock };
  };
  const { rows: unitRows } = await db.query(
    'SELECT id, code, name FROM units WHERE id = ANY($1::uuid[])',
    [ctx.units.map((u) => u.id)],
  );
  const unitRef = new Map(unitRows.map((u) => [u.id, u.code || u.name]));
  const csvOf = (rows) =>
    Buffer.from(
      rows.map((r) => r.map((c) => `"${String(c).replaceAll('"', '""')}"`).join(',')).join('\r\n'),
    );
  const HEADER = ['序号', '问题', '来源', '问题类别', '单位', '责任领导', '责任部门', '责任人'];
  HEADER.push('整改时限', '验收标准', '预期效果', '整改措施', '整改方式');
  /** Row i: an assigned item of the unit of person BENCH-n, its deadline day given. */
  const row = (i, deadline, mode = '限期整改') => {
    const n = 1 + (i % (ctx.people - 1));
    const unit = unitRef.get(ctx.units[n % ctx.units.length].id);
    return [
      String(i + 1),
      `基准测试问题${i + 1}：个别民警工作纪律松弛。`,
      i % 2 ? '巡视巡察' : '审计',
      '工作纪律',
      unit,
      'BENCH-20',
      unit,
      `BENCH-${n}`,
      deadline,
      '连续一个月抽查无违规。',
      '工作纪律明显好转。',
      '开展专项教育，每周抽查。',
      mode,
    ];
  };
  const importFile = async (campaignId, file) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'ledger.csv');
    return call('POST', `/campaigns/${campaignId}/ledger/import`, undefined, form);
  };

  // 1. Registration: one file of ITEMS assigned rows, deadlines spread over DEADLINE_DAYS days
  // from three days ahead, in a rehearsal at SCALE (one campaign day every 86400/SCALE s).
  const ledger = await launch('基准测试整改台账（演练）', SCALE, 92 * DAY);
  const today = ledger.clock.toCampaign(Date.now());
  const file = csvOf([
    HEADER,
    ...Array.from({ length: ITEMS }, (_, i) =>
      row(i, shanghaiDay(today + (3 + (i % DEADLINE_DAYS)) * DAY)),
    ),
  ]);
  let peakRss = largestRss(workerPids);
  const rssTimer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, largestRss(workerPids));
    } catch {
      /* the worker exited: reported below */
    }
  }, 500);
  const importStarted = performance.now();
  const done = await importFile(ledger.id, file);
  const writeSeconds = (performance.now() - importStarted) / 1000;
  if (done.created !== ITEMS) throw new Error(`import created ${done.created} of ${ITEMS}`);
  let starting = done.starting;
  while (starting > 0) {
    await sleep(100);
    ({ starting } = await call('GET', `/campaigns/${ledger.id}/ledger/imports/${done.importId}`));
    if (performance.now() - importStarted > 600_000)
      throw new Error(`${starting} items still starting after 10 minutes`);
  }
  const startedSeconds = (performance.now() - importStarted) / 1000;
  // Every row exists and every workflow has recorded its first step (registered and assigned).
  let assigned = 0;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'registered')::int AS a
         FROM ledger_items WHERE campaign_id = $1`,
      [ledger.id],
    );
    if (rows[0].n !== ITEMS) throw new Error(`${rows[0].n} ledger rows, ${ITEMS} imported`);
    assigned = rows[0].a;
    if (assigned === ITEMS) break;
    if (performance.now() - importStarted > 600_000)
      throw new Error(`only ${assigned} of ${ITEMS} items recorded their first step`);
    await sleep(200);
  }
  const runningSeconds = (performance.now() - importStarted) / 1000;
  const runningWall = Date.now();
  const perSecond = ITEMS / startedSeconds;
  const firstStepsPerSecond = ITEMS / runningSeconds;
  say(
    `ledger import: ${ITEMS} rows checked and written in ${writeSeconds.toFixed(1)} s (budget 30 s); every workflow started after ${startedSeconds.toFixed(1)} s (${perSecond.toFixed(1)} items/s, ${(perSecond / raw).toFixed(2)}x raw); every first step recorded after ${runningSeconds.toFixed(1)} s: ${firstStepsPerSecond.toFixed(1)} items/s, ${(firstStepsPerSecond / raw).toFixed(2)}x raw (target >= 1)`,
  );

  // 3. Rung latency: register entries due (campaign time `at`, mapped to the wall through the
  // campaign's clock) in the WINDOW seconds after every item ran, measured once they are written.
  await sleep(WINDOW * 1000);
  const windowEnd = Date.now();
  await sleep(10_000); // entries due at the window's end get time to be written
  const rssOpen = largestRss(workerPids);
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, rssOpen);
  const { rows: entries } = await db.query(
    `SELECT kind, at, created_at FROM accountability_entries WHERE campaign_id = $1`,
    [ledger.id],
  );
  const latencies = [];
  const kinds = {};
  for (const e of entries) {
    const due = ledger.clock.toWorkflow(e.at.getTime());
    if (due < runningWall || due > windowEnd) continue;
    latencies.push((e.created_at.getTime() - due) / 1000);
    kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  }
  const rung = quantiles(latencies);
  const { rows: open } = await db.query(
    `SELECT count(*)::int AS n FROM ledger_items WHERE campaign_id = $1 AND status NOT IN ('closed', 'confirmed')`,
    [ledger.id],
  );
  say(
    `worker RSS (largest of ${workerPids.length} worker process(es)) with ${open[0].n} open items: ${(rssOpen / 2 ** 20).toFixed(0)} MiB now, ${(peakRss / 2 ** 20).toFixed(0)} MiB peak (target < 1024 MiB)`,
  );
  say(
    `rung latency after due, ${rung.n} register entries due in ${WINDOW} s (${JSON.stringify(kinds)}) at ${SCALE}x: p50 ${rung.p50?.toFixed(2)} s, p99 ${rung.p99?.toFixed(2)} s, max ${rung.max?.toFixed(2)} s (target p99 < 1 s)`,
  );

  // 4. GET /api/v1/items at ITEMS items, with a few filters.
  const filters = [
    `campaignId=${ledger.id}`,
    `campaignId=${ledger.id}&status=assigned`,
    `campaignId=${ledger.id}&overdue=true`,
    `campaignId=${ledger.id}&page=20&pageSize=50`,
    `status=assigned&page=5`,
    `campaignId=${ledger.id}&warningLevel=red`,
  ];
  await call('GET', `/items?${filters[0]}`); // warm-up
  const listed = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await call('GET', `/items?${filters[i % filters.length]}`);
    listed.push(performance.now() - started);
  }
  const list = quantiles(listed);
  say(
    `GET /api/v1/items at ${ITEMS} items, ${SAMPLES} samples over ${filters.length} filters: p50 ${list.p50.toFixed(1)} ms, p99 ${list.p99.toFixed(1)} ms (target < 100 ms)`,
  );

  // 5. Item histories over twelve months of campaign time: untouched by-deadline items (one due
  // in eleven months: a monthly review window each month, then the whole ladder; one due in a
  // week) and a long-term item (a window and a periodic review every month), in a rehearsal
  // that runs a year in HISTORY_SECONDS.
  const year = 365 * DAY;
  const history = await launch(
    '基准测试一年台账（演练）',
    year / (HISTORY_SECONDS * 1000),
    92 * DAY,
  );
  const start = history.clock.toCampaign(Date.now());
  const historyImport = await importFile(
    history.id,
    csvOf([
      HEADER,
      row(0, shanghaiDay(start + 335 * DAY)),
      row(1, shanghaiDay(start + 7 * DAY)),
      row(2, shanghaiDay(start + 30 * DAY), '长期坚持'),
    ]),
  );
  const historyEnd = history.clock.toWorkflow(start + year);
  while (Date.now() < historyEnd) await sleep(1000);
  await sleep(3000);
  void historyImport;
  const { rows: historyItems } = await db.query(
    'SELECT id, import_key FROM ledger_items WHERE campaign_id = $1 ORDER BY import_key',
    [history.id],
  );
  let largestRun = 0;
  let largestTotal = 0;
  const perItem = [];
  for (const item of historyItems) {
    const workflowId = `item-${item.id}`;
    const runs = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
      runs.push(execution.runId);
    if (runs.length === 0) runs.push(undefined);
    let total = 0;
    for (const runId of runs) {
      const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events
        .length;
      largestRun = Math.max(largestRun, events);
      total += events;
    }
    largestTotal = Math.max(largestTotal, total);
    perItem.push({ key: item.import_key, runs: runs.length, events: total });
  }
  const { rows: historyEntries } = await db.query(
    'SELECT count(*)::int AS n FROM accountability_entries WHERE campaign_id = $1',
    [history.id],
  );
  say(
    `item histories over 12 months of campaign time: ${JSON.stringify(perItem)}; largest run ${largestRun} events, largest item ${largestTotal} (target < 10,240); ${historyEntries[0].n} register entries`,
  );

  return {
    items: ITEMS,
    timeScale: SCALE,
    importCheckWriteSeconds: Number(writeSeconds.toFixed(1)),
    allStartedSeconds: Number(startedSeconds.toFixed(1)),
    allFirstStepSeconds: Number(runningSeconds.toFixed(1)),
    itemsPerSecond: Number(perSecond.toFixed(1)),
    ratioToRaw: Number((perSecond / raw).toFixed(3)),
    firstStepsPerSecond: Number(firstStepsPerSecond.toFixed(1)),
    firstStepsRatioToRaw: Number((firstStepsPerSecond / raw).toFixed(3)),
    workerRssMiB: Math.round(rssOpen / 2 ** 20),
    workerPeakRssMiB: Math.round(peakRss / 2 ** 20),
    rungLatency: {
      entries: rung.n,
      kinds,
      windowSeconds: WINDOW,
      p50Seconds: rung.p50 === undefined ? null : Number(rung.p50.toFixed(2)),
      p99Seconds: rung.p99 === undefined ? null : Number(rung.p99.toFixed(2)),
      maxSeconds: rung.max === undefined ? null : Number(rung.max.toFixed(2)),
    },
    itemsList: {
      samples: SAMPLES,
      p50Ms: Number(list.p50.toFixed(1)),
      p99Ms: Number(list.p99.toFixed(1)),
    },
    history: { largestRunEvents: largestRun, largestItemEvents: largestTotal, items: perItem },
  };
}

// npm run faults [-- --quick] [-- --cases 1,3] [-- --no-build]: the fault battery (issue 17 §4).
// One stack as `TEMPORAL_MODE=cluster npm start` runs it (Temporal's own server and the app on
// one PostgreSQL, two workers, the API, from dist/), on free ports in a scratch folder, with a
// real SMTP sink. Each case runs a rehearsal campaign whose ledger items climb the escalation
// ladder while something breaks, then counts what was lost and what happened twice where it
// shows: the accountability register and the campaign's events in PostgreSQL, the mails the
// SMTP sink received (one Message-ID per notification, derived from its dedupe key), and the
// executions' status in Temporal. Never from this script's own bookkeeping.
//
// Cases: 1 kill -9 of a worker N times; 2 the Temporal server killed and restarted; 3 PostgreSQL
// stopped (the server down, connections refused) and started again; 4 the SMTP server down for
// a day of campaign time; 5 two workers on one queue, one killed and kept down.
//
// Prints one table row per case, then `faults: N cases, N lost, N duplicated`; exits non-zero
// when anything was lost or duplicated or a case failed. The stack's output goes to
// <scratch>/stack.log, kept when something failed.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick');
const casesArg = process.argv.indexOf('--cases');
const ONLY = casesArg > 0 ? new Set(process.argv[casesArg + 1].split(',').map(Number)) : undefined;
const DAY = 86_400_000;
const MAIL_FROM = '市局活动办 <office@faults.test>';
const say = (line) => console.log(`[faults] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sizes per mode: full as issue 17 lists them, quick a few minutes in all. */
const SIZE = QUICK
  ? { items: 30, kills: 5, killEveryMs: 6_000, temporalRestarts: 1, pgDownMs: 10_000 }
  : { items: 200, kills: 20, killEveryMs: 4_000, temporalRestarts: 3, pgDownMs: 30_000 };
/**
 * Campaign days per wall second in the ladder cases: the default ladder runs about 70 campaign
 * days from an assignment to accountability, so about 35 s in quick mode and 70 s in full mode,
 * long enough for every fault to land while rungs are due.
 */
const LADDER_SCALE = (QUICK ? 2 : 1) * 86_400;
/** The register an item must end with under the default policy (see item-durability's test). */
const PER_RUNG = {
  reminder: 2,
  warning: 1,
  bulletin: 1,
  supervision_order: 1,
  admonishment_talk: 1,
  stationed_supervision: 1,
  accountability: 1,
};

const { ensureDependencies } = await import('./ensure-deps.mjs');
ensureDependencies();
if (!process.argv.includes('--no-build')) {
  const { build } = await import('./build.mjs');
  say('building dist/');
  await build();
}
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const { createDataSource } = await import(join(root, 'dist/libs/persistence/src/index.js'));
const { CampaignClock } = await import(join(root, 'dist/libs/domain/src/index.js'));
const { notificationMessageId } = await import(join(root, 'dist/activities/src/index.js'));
const tooling = await import(join(root, 'dist/libs/testing/src/index.js'));
const { Client, Connection } = await import('@temporalio/client');
const pg = (await import('pg')).default;

const shanghaiDay = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

// ---- the stack ---------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'campaign-faults-'));
const stackLog = createWriteStream(join(scratch, 'stack.log'));
const log = (line) => stackLog.write(`${new Date().toISOString()} ${line}\n`);
const [pgPort, temporalPort, apiPort, smtpPort] = await Promise.all([
  tooling.freePort(),
  tooling.freePort(),
  tooling.freePort(),
  tooling.freePort(),
]);

/**
 * PostgreSQL is this script's own (DATABASE_URL), not the supervisor's: case 3 stops it for a
 * while, which the supervisor would undo at once. Temporal's databases live on it too, as in
 * docker-compose.yml.
 */
let postgres;
const startPostgres = async () => {
  postgres = await tooling.startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: pgPort,
    database: 'campaigns',
  });
};

/** The SMTP sink on a fixed port, so case 4 can take it down and bring it back. */
const received = [];
let smtp;
const startSmtp = async () => {
  smtp = await tooling.startSmtpSink({ port: smtpPort });
  // Every instance's messages in one list (the sink keeps the array it returns).
  const instance = smtp;
  instance.forward = setInterval(() => {
    if (instance.received.length > 0) received.push(...instance.received.splice(0));
  }, 100);
};
const stopSmtp = async () => {
  const instance = smtp;
  smtp = undefined;
  await instance.stop();
  clearInterval(instance.forward);
  received.push(...instance.received.splice(0));
};

const env = { ...process.env };
delete env.TEMPORAL_ADDRESS;
delete env.TEMPORAL_DATABASE_URL;
Object.assign(env, {
  TEMPORAL_MODE: 'cluster',
  DATA_DIR: scratch,
  TEMPORAL_PORT: String(temporalPort),
  PORT: String(apiPort),
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtpPort),
  SMTP_SECURE: 'false',
  // A refused connection fails at once; a short timeout keeps a hung exchange short too.
  SMTP_TIMEOUT_SECONDS: '10',
  MAIL_FROM,
  // The sweep sends what waited (case 4) every 10 s rather than every minute.
  NOTIFICATION_SWEEP_SECONDS: '10',
});

let stack;
let db;
let client;
let connection;
const rows = [];
let exitCode = 1;
const started = Date.now();
try {
  await startPostgres();
  env.DATABASE_URL = postgres.url;
  await startSmtp();
  const config = loadConfig(env, root);
  say(`starting the stack in ${scratch} (${cpus().length} cores)`);
  stack = await tooling.startStack({
    root,
    config,
    env,
    // Restarts after the battery's own kills are expected: the log has them; errors show here.
    log: (line, level) => (level === 'error' ? (log(line), say(line)) : log(line)),
    output: (service, chunk) => stackLog.write(chunk),
    // Killed on purpose, many times: restart soon, and never give up within the battery.
    supervision: { initialBackoffMs: 500, maxBackoffMs: 2_000, maxFailures: 10_000 },
  });
  say(`stack up: ${stack.temporalKind}`);
  db = new pg.Pool({ connectionString: postgres.url, max: 4 });
  db.on('error', () => undefined); // case 3 ends its connections
  connection = await Connection.connect({ address: stack.temporalAddress });
  client = new Client({ connection });

  // ---- the organisation ------------------------------------------------------------------
  const dataSource = createDataSource(postgres.url, { poolSize: 2 });
  await dataSource.initialize();
  const f = new tooling.OrgFactory(dataSource);
  const city = await f.unit(null, 'city_bureau', '某市公安局');
  const county = await f.unit(city, 'county_bureau', '东城分局');
  const branch = await f.unit(county, 'party_branch', '第一党支部');
  const mail = (name) => ({ email: `${name}@faults.test` });
  const citySecretary = await f.person(city, { name: '郑局长', isLeader: true, ...mail('zheng') });
  const countySecretary = await f.person(county, { name: '吴局长', isLeader: true, ...mail('wu') });
  const countyArea = await f.person(county, { name: '冯政委', isLeader: true, ...mail('feng') });
  const leader = await f.person(branch, { name: '周书记', isLeader: true, ...mail('zhou') });
  await f.org.setFirstResponsible(city.id, citySecretary.id);
  await f.org.setFirstResponsible(county.id, countySecretary.id);
  await f.org.setFirstResponsible(branch.id, leader.id);
  await f.org.setCommittee(branch.id, [{ personId: leader.id, areas: ['队伍管理'] }]);
  await f.org.setCommittee(county.id, [{ personId: countyArea.id, areas: ['队伍管理'] }]);
  const office = await f.account(county, [{ role: 'office', unit: county }]);
  await dataSource.query('UPDATE people SET email = $2 WHERE id = $1', [
    office.person.id,
    'chen@faults.test',
  ]);
  const inspector = await f.person(county, { name: '王纪检', ...mail('wang') });
  await f.org.grant(inspector.id, 'inspector', county.id, null);
  // The responsible people: FAULT-1 … FAULT-200, each with a mailbox.
  await dataSource.query(
    `INSERT INTO people (id, staff_number, name, unit_id, position, email, is_leader, is_key_person, key_person_reasons)
     SELECT gen_random_uuid(), 'FAULT-' || n, '民警' || n, $1, '民警', 'fault-' || n || '@faults.test',
            false, false, '{}'::varchar[]
       FROM generate_series(1, 200) AS n`,
    [branch.id],
  );
  const [{ staff_number: leaderStaff }] = await dataSource.query(
    'SELECT staff_number FROM people WHERE id = $1',
    [leader.id],
  );
  await dataSource.destroy();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: office.username, password: tooling.TEST_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`the office could not sign in: ${login.status}`);
  const token = (await login.json()).accessToken;

  // ---- helpers ---------------------------------------------------------------------------
  const call = tooling.apiCaller(stack.apiUrl, token);
  const query = async (sql, params) => (await db.query(sql, params)).rows;
  const until = async (what, check, timeoutMs, everyMs = 1_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check().catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(everyMs);
    }
  };

  /** A rehearsal of four phases of `phaseDays` each, at `scale`, with e-mail on. */
  async function launch(title, scale, phaseDays) {
    const plan = tooling.planFactory({
      title,
      coveredUnitId: county.id,
      startInMs: 0,
      phaseMs: phaseDays * DAY,
    });
    const campaign = await call('POST', '/campaigns', {
      // Items climb untouched: a ladder of notices (the default plan's rungs wait on desks).
      ...tooling.noticesLadderLaunch(plan),
      rehearsal: { timeScale: scale, sendEmail: true },
    });
    const [row] = await query(
      `SELECT time_scale, clock_campaign_anchor, clock_workflow_anchor FROM campaigns WHERE id = $1`,
      [campaign.id],
    );
    const clock = new CampaignClock({
      timeScale: row.time_scale,
      campaignAnchor: row.clock_campaign_anchor.getTime(),
      workflowAnchor: row.clock_workflow_anchor.getTime(),
    });
    return { id: campaign.id, clock };
  }

  /**
   * `count` items through the API's ledger import, each assigned (six clarities) to FAULT-n
   * with the deadline `deadlineOf(i)` (a campaign day); resolves once every workflow has run
   * its first step. Returns the items' ids.
   */
  async function importItems(campaign, count, deadlineOf) {
    const header = ['序号', '问题', '来源', '问题类别', '单位', '责任领导', '责任部门', '责任人'];
    header.push('整改时限', '验收标准', '预期效果', '整改措施', '整改方式');
    const lines = [header];
    for (let i = 0; i < count; i++) {
      lines.push([
        String(i + 1),
        `故障演练问题${i + 1}：个别民警工作纪律松弛。`,
        i % 2 ? '巡视巡察' : '审计',
        '工作纪律',
        branch.code,
        leaderStaff,
        branch.code,
        `FAULT-${1 + i}`,
        deadlineOf(i),
        '连续一个月抽查无违规。',
        '工作纪律明显好转。',
        '开展专项教育，每周抽查。',
        '限期整改',
      ]);
    }
    const csv = lines
      .map((r) => r.map((c) => `"${String(c).replaceAll('"', '""')}"`).join(','))
      .join('\r\n');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(csv)]), 'ledger.csv');
    const done = await call('POST', `/campaigns/${campaign.id}/ledger/import`, undefined, form);
    if (done.created !== count) throw new Error(`the import created ${done.created} of ${count}`);
    await until(
      'every item workflow to run its first step',
      async () => {
        const [r] = await query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'registered')::int AS a
             FROM ledger_items WHERE campaign_id = $1`,
          [campaign.id],
        );
        return r.n === count && r.a === count;
      },
      300_000,
    );
    return (
      await query('SELECT id FROM ledger_items WHERE campaign_id = $1 ORDER BY import_key', [
        campaign.id,
      ])
    ).map((r) => r.id);
  }

  /** Waits until no e-mail of the campaign waits to be sent (and the sink has taken them in). */
  async function mailsSettled(campaignId, timeoutMs) {
    await until(
      'the campaign’s e-mails to be sent',
      async () => {
        const [r] = await query(
          `SELECT count(*)::int AS n FROM notifications
            WHERE campaign_id = $1 AND channel = 'email' AND status IN ('pending', 'sending')`,
          [campaignId],
        );
        return r.n === 0;
      },
      timeoutMs,
      2_000,
    );
    await sleep(1_000);
  }

  /**
   * What was lost and what was duplicated, counted from PostgreSQL, the SMTP sink and Temporal.
   * `expectedRungs`: the register each item must hold (PER_RUNG, or less for a partial ladder);
   * `phases`: whether the campaign's four phases must each have opened once.
   */
  async function audit(campaign, itemIds, { expectedRungs = PER_RUNG, phases = true, before }) {
    const lost = { rungs: 0, mails: 0, phases: 0, executions: 0, readModel: 0 };
    const duplicated = { rungs: 0, mails: 0, phases: 0 };
    const notes = [];
    // The register: each expected rung once per item.
    const entries = await query(
      `SELECT item_id, rung, count(*)::int AS n FROM accountability_entries
        WHERE campaign_id = $1 ${before ? 'AND at < $2' : ''} GROUP BY item_id, rung`,
      before ? [campaign.id, new Date(before)] : [campaign.id],
    );
    const got = new Map(entries.map((e) => [`${e.item_id}/${e.rung}`, e.n]));
    let rungs = 0;
    for (const id of itemIds) {
      for (const [rung, n] of Object.entries(expectedRungs)) {
        const have = got.get(`${id}/${rung}`) ?? 0;
        got.delete(`${id}/${rung}`);
        rungs += n;
        lost.rungs += Math.max(0, n - have);
        duplicated.rungs += Math.max(0, have - n);
      }
    }
    if (got.size > 0) notes.push(`${got.size} unexpected (item, rung) pairs in the register`);
    // The read model caught up: each item's row shows the last rung its register holds.
    if (expectedRungs === PER_RUNG) {
      const [behind] = await query(
        `SELECT count(*)::int AS n FROM ledger_items
          WHERE campaign_id = $1 AND rung IS DISTINCT FROM 'accountability'`,
        [campaign.id],
      );
      lost.readModel = behind.n;
    }
    // The phases: each opened once, in the campaign's events and in its phase rows.
    if (phases) {
      const opened = await query(
        `SELECT phase_index, count(*)::int AS n FROM campaign_events
          WHERE campaign_id = $1 AND kind = 'phase_open' GROUP BY phase_index`,
        [campaign.id],
      );
      const byPhase = new Map(opened.map((r) => [r.phase_index, r.n]));
      for (const index of [0, 1, 2, 3]) {
        const n = byPhase.get(index) ?? 0;
        lost.phases += n === 0 ? 1 : 0;
        duplicated.phases += Math.max(0, n - 1);
      }
    }
    // The mails: every e-mail row sent, and received by the SMTP server exactly once.
    const mails = await query(
      `SELECT dedupe_key, status FROM notifications WHERE campaign_id = $1 AND channel = 'email'`,
      [campaign.id],
    );
    const copies = new Map();
    for (const m of received) copies.set(m.messageId, (copies.get(m.messageId) ?? 0) + 1);
    let sent = 0;
    const twice = [];
    for (const m of mails) {
      if (m.status === 'skipped') continue;
      sent += 1;
      const n = copies.get(notificationMessageId(m.dedupe_key, MAIL_FROM)) ?? 0;
      if (m.status !== 'sent' || n === 0) {
        lost.mails += 1;
        notes.push(`mail ${m.dedupe_key}: ${m.status}, received ${n} times`);
      }
      if (n > 1) twice.push(m.dedupe_key);
      duplicated.mails += Math.max(0, n - 1);
    }
    // How each mail received more than once was attempted, as the product recorded it.
    for (const key of twice.slice(0, 5)) {
      const attempts = await query(
        `SELECT a.outcome, a.error_class, a.started_at FROM notification_attempts a
           JOIN notifications n ON n.id = a.notification_id
          WHERE n.dedupe_key = $1 AND n.channel = 'email' ORDER BY a.started_at`,
        [key],
      ).catch((error) => [{ outcome: error.message }]);
      notes.push(
        `mail ${key} received ${copies.get(notificationMessageId(key, MAIL_FROM))} times; attempts recorded: ${attempts.map((a) => (a.error_class ? `${a.outcome} (${a.error_class})` : a.outcome)).join(', ') || 'none'}`,
      );
    }
    // The executions: the campaign's and every item's, none failed, terminated or timed out.
    const executions = [`campaign-${campaign.id}`, ...itemIds.map((id) => `item-${id}`)];
    const statuses = {};
    for (const workflowId of executions) {
      let status;
      try {
        status = (await client.workflow.getHandle(workflowId).describe()).status.name;
      } catch (error) {
        status = `unknown (${error.message})`;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 'RUNNING' && status !== 'COMPLETED') lost.executions += 1;
    }
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    return {
      checked: `${itemIds.length} items, ${rungs} rungs, ${sent} mails, ${executions.length} executions`,
      lost: sum(lost),
      duplicated: sum(duplicated),
      detail: { lost, duplicated, statuses, notes },
    };
  }

  /**
   * The ladder scenario the kill cases share: a rehearsal of four 20-day phases at
   * LADDER_SCALE, `items` items due in 9 to 12 days (both reminders ahead of them), `fault`
   * running meanwhile; then waits for every ladder, the campaign's end and its mails, and audits.
   */
  async function ladderCase(title, fault) {
    const campaign = await launch(title, LADDER_SCALE, 20);
    const today = campaign.clock.toCampaign(Date.now());
    const itemIds = await importItems(campaign, SIZE.items, (i) =>
      shanghaiDay(today + (9 + (i % 4)) * DAY),
    );
    const faultResult = await fault(campaign, itemIds);
    // The ladder's last rung is due ~60 campaign days after the latest deadline.
    const ladderEnd = campaign.clock.toWorkflow(today + 80 * DAY);
    await until(
      'every item to reach accountability and the campaign to end',
      async () => {
        const [r] = await query(
          `SELECT count(DISTINCT item_id)::int AS n FROM accountability_entries
            WHERE campaign_id = $1 AND rung = 'accountability'`,
          [campaign.id],
        );
        const [c] = await query('SELECT status FROM campaigns WHERE id = $1', [campaign.id]);
        return r.n === itemIds.length && c.status === 'completed';
      },
      Math.max(0, ladderEnd - Date.now()) + 300_000,
      2_000,
    ).catch((error) => say(`${title}: ${error.message} (counted as it stands)`));
    await mailsSettled(campaign.id, 300_000).catch((error) =>
      say(`${title}: ${error.message} (counted as it stands)`),
    );
    return { ...(await audit(campaign, itemIds, {})), ...faultResult };
  }

  /** The running process of a stack service, waiting while the supervisor restarts it. */
  const pidOf = (name, timeoutMs = 120_000) =>
    until(`${name} to run`, async () => stack.supervisor.pid(name), timeoutMs, 100);

  // ---- the cases -------------------------------------------------------------------------

  const cases = [
    {
      n: 1,
      name: 'worker kill -9',
      run: () =>
        ladderCase('故障演练一：杀死工作进程', async () => {
          // Alternately worker-1 and worker-2, each as soon as it runs again: now and then both
          // are down at once.
          for (let k = 0; k < SIZE.kills; k++) {
            const name = `worker-${1 + (k % 2)}`;
            process.kill(await pidOf(name), 'SIGKILL');
            log(`faults: kill -9 ${name} (${k + 1} of ${SIZE.kills})`);
            await sleep(SIZE.killEveryMs);
          }
          return { done: `${SIZE.kills} × kill -9 of a worker` };
        }),
    },
    {
      n: 2,
      name: 'Temporal server restart',
      run: () =>
        ladderCase('故障演练二：重启Temporal', async () => {
          // Killed (SIGKILL: a crash, not a drain) once the ladders climb; the supervisor starts
          // it again on the same databases; the next restart once it serves again.
          let downMs = 0;
          for (let k = 0; k < SIZE.temporalRestarts; k++) {
            await sleep(QUICK ? 8_000 : 12_000);
            const pid = await pidOf('temporal');
            const killedAt = Date.now();
            process.kill(pid, 'SIGKILL');
            log(`faults: kill -9 temporal (${k + 1} of ${SIZE.temporalRestarts})`);
            await until(
              'Temporal to serve again',
              async () => {
                const next = stack.supervisor.pid('temporal');
                if (!next || next === pid) return false;
                await client.workflow.count('WorkflowType = "campaignWorkflow"');
                return true;
              },
              180_000,
              250,
            );
            downMs += Date.now() - killedAt;
          }
          return {
            done: `${SIZE.temporalRestarts} × kill -9 + restart of the Temporal server (down ${(downMs / 1000).toFixed(0)} s in all)`,
          };
        }),
    },
    {
      n: 3,
      name: 'PostgreSQL stopped',
      run: () =>
        ladderCase('故障演练三：数据库停机', async () => {
          await sleep(QUICK ? 6_000 : 10_000);
          const health = async () => {
            const controller = new AbortController();
            const timer = setTimeout(() => controller.abort(), 5_000);
            try {
              return (await fetch(`${stack.apiUrl}/health`, { signal: controller.signal })).status;
            } catch {
              return 0;
            } finally {
              clearTimeout(timer);
            }
          };
          const before = await health();
          await db.end();
          await postgres.stop();
          const stoppedAt = Date.now();
          log('faults: PostgreSQL stopped');
          const seen = new Set();
          while (Date.now() - stoppedAt < SIZE.pgDownMs) {
            seen.add(await health());
            await sleep(1_000);
          }
          await startPostgres();
          log('faults: PostgreSQL started again');
          db = new pg.Pool({ connectionString: postgres.url, max: 4 });
          db.on('error', () => undefined);
          const upAt = Date.now();
          let after = 0;
          await until(
            '/health to answer 200',
            async () => (after = await health()) === 200,
            120_000,
          ).catch(() => undefined);
          const healthy = before === 200 && seen.has(503) && after === 200;
          return {
            done: `PostgreSQL stopped ${SIZE.pgDownMs / 1000} s; /health ${before}, ${[...seen].join('/')} while down, ${after} ${((Date.now() - upAt) / 1000).toFixed(0)} s after`,
            failure: healthy ? undefined : '/health did not answer 503 then 200',
          };
        }),
    },
    {
      n: 4,
      name: 'SMTP server down',
      run: smtpCase,
    },
    {
      n: 5,
      name: 'two workers, one killed',
      run: () =>
        ladderCase('故障演练五：双工作进程', async (campaign, itemIds) => {
          // worker-1 is killed, and killed again each time the supervisor brings it back, until
          // every ladder has climbed: worker-2 carries on alone.
          const killedAt = Date.now();
          const survivor = String(await pidOf('worker-2'));
          let kills = 0;
          let keepDown = true;
          const keeper = (async () => {
            while (keepDown) {
              const pid = stack.supervisor.pid('worker-1');
              if (pid) {
                try {
                  process.kill(pid, 'SIGKILL');
                  kills += 1;
                } catch {
                  // gone meanwhile
                }
              }
              await sleep(50);
            }
          })();
          const ladderEnd = campaign.clock.toWorkflow(
            campaign.clock.toCampaign(killedAt) + 80 * DAY,
          );
          await sleep(Math.max(0, ladderEnd - Date.now()));
          keepDown = false;
          await keeper;
          // Who did the items' work meanwhile, from their histories (identity `<pid>@<host>`).
          const tasks = { survivor: 0, others: 0 };
          for (const id of itemIds) {
            const history = await client.workflow.getHandle(`item-${id}`).fetchHistory();
            for (const event of history.events ?? []) {
              const identity =
                event.activityTaskStartedEventAttributes?.identity ??
                event.workflowTaskStartedEventAttributes?.identity;
              const at = Number(event.eventTime?.seconds?.toString() ?? 0) * 1000;
              if (!identity || at < killedAt || at > ladderEnd) continue;
              tasks[identity.split('@')[0] === survivor ? 'survivor' : 'others'] += 1;
            }
          }
          return {
            done:
              `worker-1 kill -9 and kept down (${kills} kills); worker-2 ran ${tasks.survivor} ` +
              `workflow and activity tasks meanwhile, others ${tasks.others}`,
            failure: tasks.survivor > 0 ? undefined : 'worker-2 did none of the work',
          };
        }),
    },
  ];

  /**
   * Case 4: a rehearsal at a campaign day every SMTP_DAY_S wall seconds; items due in eight days
   * get their first reminder (seven days ahead) during the one campaign day the SMTP server is
   * down. Those mails must wait and go out once it is back, once each, with nothing else lost.
   */
  async function smtpCase() {
    const dayS = QUICK ? 20 : 60;
    const campaign = await launch('故障演练四：邮件服务器停机', 86_400 / dayS, 120);
    const today = campaign.clock.toCampaign(Date.now());
    const itemIds = await importItems(campaign, QUICK ? 10 : 40, () =>
      shanghaiDay(today + 9 * DAY),
    );
    // The assignment notices go out first, with the server up.
    await mailsSettled(campaign.id, 120_000);
    // Down from one campaign day before the first reminder is due to one day later… the day
    // holding the reminders (deadline − 7 days + each item's spread of up to a few hours).
    const [{ deadline }] = await query(
      'SELECT min(deadline) AS deadline FROM ledger_items WHERE campaign_id = $1',
      [campaign.id],
    );
    const firstReminder = deadline.getTime() - 7 * DAY;
    const downFrom = campaign.clock.toWorkflow(firstReminder - 2 * 3600_000);
    await sleep(Math.max(0, downFrom - Date.now()));
    await stopSmtp();
    const downAt = Date.now();
    log('faults: SMTP server down');
    await sleep(dayS * 1000);
    await startSmtp();
    const upAt = Date.now();
    log('faults: SMTP server up');
    const [{ waited }] = await query(
      `SELECT count(DISTINCT n.id)::int AS waited FROM notifications n
         JOIN notification_attempts a ON a.notification_id = n.id
        WHERE n.campaign_id = $1 AND n.channel = 'email' AND a.outcome <> 'sent'`,
      [campaign.id],
    );
    await mailsSettled(campaign.id, 600_000).catch((error) => say(`case 4: ${error.message}`));
    const settledS = ((Date.now() - upAt) / 1000).toFixed(0);
    // Counted up to the end of the down day: the reminders due in it, once each per item.
    const until = campaign.clock.toCampaign(upAt);
    const result = await audit(campaign, itemIds, {
      expectedRungs: { reminder: 1 },
      phases: false,
      before: until,
    });
    return {
      ...result,
      done: `SMTP down ${((upAt - downAt) / 1000).toFixed(0)} s = 1 campaign day; ${waited} mails failed to go meanwhile, all out ${settledS} s after`,
      failure: waited > 0 ? undefined : 'no mail fell due while the server was down',
    };
  }

  for (const c of cases) {
    if (ONLY && !ONLY.has(c.n)) continue;
    say(`case ${c.n}: ${c.name}`);
    const caseStarted = Date.now();
    let row;
    try {
      const r = await c.run();
      row = {
        ...r,
        ok: r.lost === 0 && r.duplicated === 0 && !r.failure,
      };
    } catch (error) {
      say(`case ${c.n} failed: ${error.stack ?? error}`);
      row = { done: 'did not finish', checked: '-', lost: NaN, duplicated: NaN, ok: false };
      row.failure = error.message;
    }
    row.n = c.n;
    row.name = c.name;
    row.seconds = Math.round((Date.now() - caseStarted) / 1000);
    rows.push(row);
    say(
      `case ${c.n}: ${row.ok ? 'pass' : 'FAIL'} (${row.seconds} s)` +
        (row.detail ? ` ${JSON.stringify(row.detail)}` : '') +
        (row.failure ? ` — ${row.failure}` : ''),
    );
  }
  exitCode = rows.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  say(`the battery stopped: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await connection?.close().catch(() => undefined);
  await db?.end().catch(() => undefined);
  await stack?.stop().catch((error) => say(`stopping the stack: ${error.message}`));
  if (smtp) await stopSmtp().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  stackLog.end();
}

// ---- the table ---------------------------------------------------------------------------
const cell = (v) => (Number.isNaN(v) ? '?' : String(v));
console.log('');
console.log('| # | case | what was done | checked | lost | duplicated | seconds | result |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.name} | ${r.done} | ${r.checked} | ${cell(r.lost)} | ${cell(r.duplicated)} | ${r.seconds} | ${r.ok ? 'pass' : 'FAIL'} |`,
  );
}
console.log('');
if (exitCode === 0) rmSync(scratch, { recursive: true, force: true });
else say(`kept ${scratch} (stack.log) for inspection`);
const total = (key) => rows.reduce((n, r) => n + (Number.isNaN(r[key]) ? 0 : r[key]), 0);
say(`${QUICK ? 'quick' : 'full'} mode, ${Math.round((Date.now() - started) / 1000)} s in all`);
console.log(
  `faults: ${rows.length} cases, ${total('lost')} lost, ${total('duplicated')} duplicated`,
);
process.exit(exitCode);

import { randomBytes } from 'node:crypto';

import { type AppConfig } from '@campaign/config';
import {
  capturingLogger,
  eventually,
  type SmtpSink,
  type StandardOrganisation,
  standardOrganisation,
  startSmtpSink,
  startTestWorker,
  type TestWorker,
  withNoticesLadder,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
/** Four campaign days a second: the ladder's two months in about fifteen seconds. */
const SCALE = 4 * 86_400;

/** A unique string no code or fixture could produce by chance. */
const marker = (label: string) => `${label}${randomBytes(6).toString('hex').toUpperCase()}`;

/** Every string inside a value, with bytes read as UTF-8 (payloads, bytea, buffers). */
function texts(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') {
    out.push(value);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return out;
  }
  if (value instanceof Uint8Array) {
    out.push(Buffer.from(value).toString('utf8'));
    return out;
  }
  if (value instanceof Date) return out;
  if (typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      texts(k, out, seen);
      texts(v, out, seen);
    }
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out.push(k);
    texts(v, out, seen);
  }
  return out;
}

/**
 * The canary: a statement and a tip-off carrying unique markers go through the whole flow —
 * intake, triage, a ledger item, its escalation ladder to accountability, notifications, the
 * cadence's dispatches and bulletins, every export — and then the markers and the reporter's
 * name and phone are searched for, in plaintext, in every PostgreSQL table, the Temporal
 * histories of every workflow the run made, the API's and the worker's logs (at trace level),
 * every mail the SMTP server received, and every export. None may be found anywhere.
 */
describe('the canary: confidential text never leaves its seal', () => {
  const secrets = {
    statement: marker('STMTCANARY'),
    tipOff: marker('TIPCANARY'),
    subject: marker('SUBJCANARY'),
    reporterName: `举报人${marker('RPTNAME')}`,
    reporterPhone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    addition: marker('ADDCANARY'),
  };
  const apiLogs: string[] = [];
  const workerLogs: string[] = [];
  const exports: Array<{ what: string; text: string }> = [];
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let config: AppConfig;
  let office: ApiTestApp['request'];
  let inspector: ApiTestApp['request'];
  let cityInspector: ApiTestApp['request'];
  let leader: ApiTestApp['request'];
  let leaderId: string;
  let secretaryId: string;
  let campaignId: string;
  let itemId: string;

  /** Keeps an answer as an export to search later. */
  const keep = (what: string, body: unknown) => {
    exports.push({ what, text: texts(body).join('\n') });
    return body;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp(
      {
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        MAIL_FROM: 'campaign@example.org',
        LOG_LEVEL: 'trace',
      },
      { logs: apiLogs },
    );
    config = api.config;
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    const leaderAccount = await f.account(org.branchA, [{ role: 'member', unit: org.branchA }]);
    leaderId = leaderAccount.person.id;
    await api.db.dataSource.query(
      `UPDATE people SET is_leader = true, name = '陈支书', email = 'chen@example.org' WHERE id = $1`,
      [leaderId],
    );
    await api.db.dataSource.query(
      `UPDATE people SET email = 'inspector@example.org' WHERE id = $1`,
      [org.users.inspector.person.id],
    );
    const secretary = await f.person(org.branchA, {
      name: '周书记',
      isLeader: true,
      email: 'zhou@example.org',
    });
    secretaryId = secretary.id;
    await f.org.setFirstResponsible(org.branchA.id, secretary.id);
    const cityInspectorAccount = await f.account(org.city, [{ role: 'inspector', unit: org.city }]);
    office = api.as(await api.signIn(org.users.office.username));
    inspector = api.as(await api.signIn(org.users.inspector.username));
    cityInspector = api.as(await api.signIn(cityInspectorAccount.username));
    leader = api.as(await api.signIn(leaderAccount.username));
    worker = await startTestWorker(
      config,
      api.db.dataSource,
      capturingLogger(config, 'worker', workerLogs),
    );
    // The item climbs untouched to accountability: the template's plan with a ladder of notices.
    const template = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（保密演练）',
      plan: withNoticesLadder(template.body.plan),
      coveredUnitId: org.countyA.id,
      startsAt: '2026-03-02T00:00:00+08:00',
      rehearsal: { timeScale: SCALE, sendEmail: true },
    });
    expect(launched.status).toBe(201);
    campaignId = launched.body.id;
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  it('runs the whole flow with the markers in a statement and a tip-off', async () => {
    // The leader says "nothing to report" on item 5 and discloses under item 3.
    const statement = await leader('POST', '/api/v1/statements', {
      campaignId,
      items: [1, 2, 3, 4, 5, 6].map((item) =>
        item === 3
          ? { item, disclosure: `配偶经营餐饮店 ${secrets.statement}` }
          : { item, nothingToReport: true },
      ),
    });
    expect(statement.status).toBe(201);
    keep('statement answer', statement.body);
    const read = await inspector('GET', `/api/v1/statements/${statement.body.id}`);
    expect(read.body.items[2].disclosure).toContain(secrets.statement);

    // A named tip-off, about the leader, on the matching category.
    const tipOff = await api.request('POST', '/api/v1/tip-offs', {
      unitId: org.branchA.id,
      subjectName: `陈支书 ${secrets.subject}`,
      category: 'discipline_life',
      text: `该同志经常与辖区老板夜间聚餐 ${secrets.tipOff}`,
      anonymous: false,
      reporter: { name: secrets.reporterName, phone: secrets.reporterPhone },
    });
    expect(tipOff.status).toBe(201);
    expect(Object.keys(tipOff.body).sort()).toEqual(['passphrase', 'receiptCode']);
    const receipt = { receiptCode: tipOff.body.receiptCode, passphrase: tipOff.body.passphrase };
    // The reporter adds to it and follows it up with the receipt.
    const added = await api.request('POST', '/api/v1/tip-offs/follow-up/additions', {
      ...receipt,
      text: `补充：聚餐地点在城东某会所 ${secrets.addition}`,
    });
    expect(added.status).toBe(201);
    keep('addition answer', added.body);

    // The inspector reads it (and who reported it), then triages it in their own words.
    const list = (await inspector('GET', '/api/v1/tip-offs')).body as {
      items: Array<{ id: string; text: string }>;
    };
    const listed = list.items.find((t) => t.text.includes(secrets.tipOff));
    expect(listed).toBeDefined();
    const reporter = await inspector('GET', `/api/v1/tip-offs/${listed!.id}/reporter`);
    expect(JSON.stringify(reporter.body)).toContain(secrets.reporterPhone);
    const answered = await inspector('POST', `/api/v1/tip-offs/${listed!.id}/answers`, {
      text: '您反映的问题已收悉，正在核查。',
    });
    expect(answered.status).toBe(201);
    const triage = await inspector('POST', `/api/v1/tip-offs/${listed!.id}/triage`, {
      campaignId,
      personId: leaderId,
      category: 'discipline_life',
      clarificationItem: 5,
      description: '经核查，该同志八小时以外存在不当交往，与其"无需说明"不符。',
    });
    expect(triage.status).toBe(201);
    keep('triage answer', triage.body);
    expect(triage.body.concealmentFlag).toMatchObject({ status: { code: 'open' } });
    itemId = triage.body.item.id;
    const followed = await api.request('POST', '/api/v1/tip-offs/follow-up', receipt);
    expect(followed.status).toBe(200);
    keep('follow-up', followed.body);
    expect(followed.body.status.code).toBe('triaged');

    // The office assigns the item with a short deadline: the ladder climbs untouched.
    const assigned = await office('POST', `/api/v1/items/${itemId}/assign`, {
      responsibleLeaderId: secretaryId,
      responsibleUnitId: org.branchA.id,
      responsiblePersonId: leaderId,
      deadlineWorkingDays: 1,
      acceptanceStandard: '说明情况并作出书面检查。',
      expectedEffect: '杜绝不当交往。',
      measures: '谈话提醒，签订承诺。',
      mode: 'by_deadline',
    });
    expect(assigned.status).toBe(200);
    await eventually(
      async () =>
        (await cityInspector('GET', `/api/v1/accountability?campaignId=${campaignId}&pageSize=100`))
          .body,
      (b) => b.entries?.some((e: any) => e.rung.code === 'accountability'),
      90_000,
    );
    // The quarter's bulletin names the item's unit.
    await eventually(
      async () => (await office('GET', `/api/v1/campaigns/${campaignId}/bulletins`)).body,
      (b) => b.bulletins?.length > 0,
      90_000,
    );
  }, 240_000);

  it('leaves no marker, name or phone in any export, table, history, log or mail', async () => {
    // Every export and view a person can take away.
    const get = async (who: ApiTestApp['request'], path: string, language = 'zh-CN') =>
      keep(path, (await who('GET', path, undefined, { 'accept-language': language })).body);
    for (const path of [
      `/api/v1/items?campaignId=${campaignId}`,
      `/api/v1/items/${itemId}`,
      `/api/v1/items/${itemId}/timeline`,
      `/api/v1/accountability?campaignId=${campaignId}`,
      `/api/v1/campaigns/${campaignId}/dispatches`,
      `/api/v1/campaigns/${campaignId}/bulletins`,
      `/api/v1/campaigns/${campaignId}/ledger/units`,
      `/api/v1/campaigns/${campaignId}/statements`,
      `/api/v1/me/notifications`,
    ]) {
      await get(office, path);
      await get(inspector, path, 'en');
    }
    await get(leader, `/api/v1/items/${itemId}`);
    await get(leader, '/api/v1/me/items');
    await get(leader, '/api/v1/me/notifications');
    await get(inspector, `/api/v1/people/${leaderId}/integrity-file`);
    await get(cityInspector, '/api/v1/audit?pageSize=200');
    for (const language of ['zh-CN', 'en']) {
      const res = await fetch(api.url(`/api/v1/campaigns/${campaignId}/ledger.xlsx`), {
        headers: {
          authorization: `Bearer ${await api.signIn(org.users.office.username)}`,
          'accept-language': language,
        },
      });
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const cells: string[] = [];
      book.eachSheet((sheet) =>
        sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))),
      );
      expect(cells.join('\n')).toContain('不当交往');
      exports.push({ what: `ledger.xlsx (${language})`, text: cells.join('\n') });
    }

    // Every row of every table, bytea read as text.
    const tables: Array<{ table_name: string }> = await api.db.dataSource.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(tables.length).toBeGreaterThan(30);
    const dump: string[] = [];
    for (const { table_name } of tables) {
      const rows: unknown[] = await api.db.dataSource.query(`SELECT * FROM "${table_name}"`);
      dump.push(texts(rows).join('\n'));
    }

    // Every workflow this run made: ids, search attributes, and every payload of every history.
    const connection = await Connection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const histories: string[] = [];
    let workflows = 0;
    for await (const execution of client.workflow.list({
      query: `TaskQueue = '${config.temporal.taskQueue}'`,
    })) {
      workflows++;
      histories.push(texts(execution).join('\n'));
      const history = await client.workflow
        .getHandle(execution.workflowId, execution.runId)
        .fetchHistory();
      histories.push(texts(history).join('\n'));
    }
    await connection.close();
    expect(workflows).toBeGreaterThan(5);
    expect(histories.join('\n')).toContain(itemId);

    const mails = smtp.received.map((m) => `${m.subject}\n${m.text}\n${m.raw}`);
    expect(mails.length).toBeGreaterThan(3);
    expect(apiLogs.length).toBeGreaterThan(10);
    expect(workerLogs.length).toBeGreaterThan(0);

    const places: Record<string, string> = {
      'PostgreSQL tables': dump.join('\n'),
      'Temporal histories': histories.join('\n'),
      'API logs': apiLogs.join('\n'),
      'worker logs': workerLogs.join('\n'),
      mails: mails.join('\n'),
      ...Object.fromEntries(exports.map((e) => [`export ${e.what}`, e.text])),
    };
    // The search can find what is there: the item's own words are in the table dump and mails.
    expect(places['PostgreSQL tables']).toContain('不当交往');
    const found = Object.entries(places).flatMap(([place, text]) =>
      Object.entries(secrets)
        .filter(([, secret]) => text.includes(secret))
        .map(([what]) => `${what} in ${place}`),
    );
    expect(found).toEqual([]);
  }, 120_000);
});

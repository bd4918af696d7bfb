import {
  eventually,
  type SmtpSink,
  type StandardOrganisation,
  standardOrganisation,
  startSmtpSink,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';

/** The six answers with item 5 "nothing to report" and a disclosure on `disclosed`. */
const statement = (campaignId: string, disclosed: Record<number, string>) => ({
  campaignId,
  items: [1, 2, 3, 4, 5, 6].map((item) =>
    disclosed[item] ? { item, disclosure: disclosed[item] } : { item, nothingToReport: true },
  ),
});

/**
 * The six clarifications and the intake's one door, through the API on the real dev server:
 * statements sealed and versioned, readable only by their person and inspectors in scope (the
 * office sees who, never what), every read audited and visible from above; problems registered
 * as ledger items and judged against the statement — self-disclosed, or a suspected
 * concealment the inspectors hear of at once.
 */
describe('self-check statements and problem intake', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let inspector: ApiTestApp['request'];
  let cityInspector: ApiTestApp['request'];
  let leader: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let leaderId: string;
  let campaignId: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'campaign@example.org',
    });
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    const leaderAccount = await f.account(org.branchA, [{ role: 'member', unit: org.branchA }]);
    leaderId = leaderAccount.person.id;
    await api.db.dataSource.query(
      `UPDATE people SET is_leader = true, name = '陈支书' WHERE id = $1`,
      [leaderId],
    );
    await api.db.dataSource.query(
      `UPDATE people SET email = 'inspector@example.org' WHERE id = $1`,
      [org.users.inspector.person.id],
    );
    const cityInspectorAccount = await f.account(org.city, [{ role: 'inspector', unit: org.city }]);
    office = api.as(await api.signIn(org.users.office.username));
    inspector = api.as(await api.signIn(org.users.inspector.username));
    cityInspector = api.as(await api.signIn(cityInspectorAccount.username));
    leader = api.as(await api.signIn(leaderAccount.username));
    member = api.as(await api.signIn(org.users.member.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（检视整治）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(launched.status).toBe(201);
    campaignId = launched.body.id;
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  it('seals a statement: the person and inspectors read it, the office sees only who; every read audited', async () => {
    const first = await leader(
      'POST',
      '/api/v1/statements',
      statement(campaignId, { 6: '本人分管后勤期间，曾接受供应商宴请一次。' }),
    );
    expect([first.status, first.body.version]).toEqual([201, 1]);
    expect(JSON.stringify(first.body)).not.toContain('宴请');

    // Stored sealed: the text is nowhere in the row.
    const [row] = await api.db.dataSource.query(
      `SELECT answers::text AS answers, key_id FROM statements WHERE id = $1`,
      [first.body.id],
    );
    expect(row.key_id).toBe('development');
    expect(Buffer.from(row.answers.slice(2), 'hex').toString('utf8')).not.toContain('宴请');

    // The office: who has submitted, never what; the statement itself is not there for it.
    const who = await office('GET', `/api/v1/campaigns/${campaignId}/statements`);
    expect(who.status).toBe(200);
    expect(who.body.items).toEqual([
      expect.objectContaining({ personId: leaderId, personName: '陈支书', version: 1 }),
    ]);
    expect(JSON.stringify(who.body)).not.toContain('宴请');
    expect((await office('GET', `/api/v1/statements/${first.body.id}`)).status).toBe(404);
    expect((await member('GET', `/api/v1/statements/${first.body.id}`)).status).toBe(404);

    // The inspector in scope reads it, in English if asked; the read is on the audit trail.
    const read = await inspector('GET', `/api/v1/statements/${first.body.id}`, undefined, {
      'accept-language': 'en',
    });
    expect(read.status).toBe(200);
    expect(read.body.items[5]).toEqual({
      item: { code: '6', label: 'Any use of power to break rules for private gain' },
      nothingToReport: false,
      disclosure: '本人分管后勤期间，曾接受供应商宴请一次。',
    });
    expect(read.body.items[4]).toMatchObject({ nothingToReport: true, disclosure: null });
    const requestId = read.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // The county inspector's own reads are seen from above (the city), not by the county itself.
    const trail = await cityInspector(
      'GET',
      `/api/v1/audit?action=read.statement&subjectId=${first.body.id}`,
    );
    expect(trail.status).toBe(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        action: 'read.statement',
        actionLabel: '查阅“六个讲清”说明',
        actor: expect.objectContaining({ id: org.users.inspector.person.id }),
        subjectType: 'statement',
        subjectId: first.body.id,
        source: requestId,
      }),
    ]);
    const own = await inspector('GET', `/api/v1/audit?subjectId=${first.body.id}`);
    expect(own.body.items.map((e: { actor: { id: string } }) => e.actor.id)).not.toContain(
      org.users.inspector.person.id,
    );

    // A correction is the next version; the first is kept and still reads as it was.
    const second = await leader(
      'POST',
      '/api/v1/statements',
      statement(campaignId, {
        6: '本人分管后勤期间，曾接受供应商宴请一次。',
        3: '配偶于今年经营一家餐饮店。',
      }),
    );
    expect([second.status, second.body.version]).toEqual([201, 2]);
    const again = await leader('GET', `/api/v1/statements/${first.body.id}`);
    expect(again.body.items[2]).toMatchObject({ nothingToReport: true });
    expect(again.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const mine = await leader('GET', `/api/v1/me/statements?campaignId=${campaignId}`);
    expect(mine.body.items.map((v: { id: string }) => v.id)).toEqual([
      first.body.id,
      second.body.id,
    ]);
  });

  it('refuses a statement nobody owes, and names every item missing or ambiguous', async () => {
    // 纪律作风建设年 (seed 003) asks no 六个讲清 of anyone; 教育整顿 asks them of everyone.
    const year = await office('POST', '/api/v1/campaigns', {
      title: '2026年纪律作风建设年',
      templateId: 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c02',
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(year.status).toBe(201);
    const notOwed = await member('POST', '/api/v1/statements', statement(year.body.id, {}));
    expect(notOwed.status).toBe(422);
    expect(notOwed.body.violations.map((v: { rule: string }) => v.rule)).toEqual([
      'statement_not_owed',
    ]);
    const broken = await leader('POST', '/api/v1/statements', {
      campaignId,
      items: [
        { item: 1, nothingToReport: true },
        { item: 2, nothingToReport: true, disclosure: '两者都写' },
      ],
    });
    expect(broken.status).toBe(422);
    expect(broken.body.violations.map((v: { field: string }) => v.field)).toEqual([
      'items.1',
      'items',
      'items',
      'items',
      'items',
    ]);
    const malformed = await leader('POST', '/api/v1/statements', {
      campaignId,
      items: [{ item: 9, nothingToReport: 'yes' }],
    });
    expect(malformed.status).toBe(400);
  });

  it('marks a disclosed problem self-disclosed and flags one the statement left out', async () => {
    // Inspection finds what the leader disclosed under item 6 (integrity): lenient.
    const disclosed = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: leaderId,
      channel: 'inspection',
      category: 'discipline_integrity',
      description: '接受管理服务对象宴请。',
    });
    expect(disclosed.status).toBe(201);
    expect(disclosed.body).toMatchObject({
      channel: { code: 'inspection' },
      clarificationItem: { code: '6' },
      disclosure: { code: 'self_disclosed', label: '已主动讲清' },
      handling: { code: 'rectify' },
      concealmentFlag: null,
      item: expect.objectContaining({
        source: expect.objectContaining({ code: 'inspection' }),
        description: '接受管理服务对象宴请。',
      }),
    });

    // An audit finds something under item 5, where the statement said nothing to report.
    smtp.clear();
    const concealed = await inspector('POST', '/api/v1/problems', {
      campaignId,
      personId: leaderId,
      channel: 'audit',
      category: 'discipline_life',
      description: '八小时以外与辖区企业主频繁往来。',
    });
    expect(concealed.status).toBe(201);
    expect(concealed.body).toMatchObject({
      clarificationItem: { code: '5' },
      disclosure: { code: 'suspected_concealment' },
      concealmentFlag: expect.objectContaining({
        status: { code: 'open', label: '待核实' },
        statementVersion: 2,
      }),
    });

    // The nearest inspectors hear at once: inbox and mail, naming no one.
    const inbox = await inspector('GET', '/api/v1/me/notifications');
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: expect.stringContaining('疑似未如实讲清') }),
      ]),
    );
    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail.to).toEqual(['inspector@example.org']);
    expect(mail.subject).toContain('疑似未如实讲清');
    expect(mail.text).not.toContain('陈支书');

    // The judging read of the statement is audited under the request that caused it.
    const trail = await cityInspector('GET', `/api/v1/audit?action=read.statement`);
    expect(trail.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          details: expect.objectContaining({
            purpose: 'disclosure_rules',
            problemId: concealed.body.id,
          }),
        }),
      ]),
    );

    // The person concerned sees the ledger item, in the registering inspector's words.
    const theirs = await leader('GET', `/api/v1/items/${concealed.body.item.id}`);
    expect(theirs.status).toBe(200);
    const started = await eventually(
      () => inspector('GET', `/api/v1/items/${concealed.body.item.id}`),
      (item) => item.body.starting === false,
    );
    expect(started.body.status.code).toBe('registered');
  });

  it('routes a major problem found by a higher level to its own inspection, a general one down', async () => {
    const admin = api.as(await api.signIn(org.users.admin.username));
    const major = await admin('POST', '/api/v1/problems', {
      campaignId,
      personId: org.personA.id,
      channel: 'cross_visit',
      sourceRound: 2,
      category: 'discipline_work',
      severity: 'major',
      foundByUnitId: org.city.id,
      description: '交叉暗访发现值班民警脱岗。',
    });
    expect(major.status).toBe(201);
    expect(major.body.handling.code).toBe('case');
    const general = await admin('POST', '/api/v1/problems', {
      campaignId,
      personId: org.personA.id,
      channel: 'cross_visit',
      sourceRound: 2,
      category: 'style_work',
      foundByUnitId: org.city.id,
      description: '交叉暗访发现窗口服务态度生硬。',
    });
    expect(general.body.handling.code).toBe('handed_down');
    const notAbove = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: org.personA.id,
      channel: 'inspection',
      category: 'style_work',
      foundByUnitId: org.countyB.id,
      description: '工作作风问题。',
    });
    expect([notAbove.status, notAbove.body.violations?.[0]?.field]).toEqual([422, 'foundByUnitId']);
    expect(
      (
        await office('POST', '/api/v1/problems', {
          campaignId,
          personId: org.personB.id,
          channel: 'inspection',
          category: 'style_work',
          description: '县外人员。',
        })
      ).status,
    ).toBe(404);
  });
});

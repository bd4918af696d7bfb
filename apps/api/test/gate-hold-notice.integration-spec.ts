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
/** A campaign day a second: the study month of 教育整顿 ends in half a minute. */
const FAST = 86_400;
const OFFICE_MAIL = 'office@example.org';

/**
 * "时间服从质量" (seed 000): a gate that fails holds the campaign for the office, and the office
 * is told so — in its inbox and by mail, once — with the phase, the units below the gate and
 * their figures, and that going on takes its decision with a reason.
 */
describe('the office is told when its campaign holds at a failing gate', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'campaign@example.org',
    });
    org = await standardOrganisation(api.db.dataSource);
    await api.db.dataSource.query(`UPDATE people SET email = $2 WHERE id = $1`, [
      org.users.office.person.id,
      OFFICE_MAIL,
    ]);
    office = api.as(await api.signIn(org.users.office.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  const holdNotices = async (campaignId: string, language = 'zh-CN') =>
    (
      await office('GET', '/api/v1/me/notifications?pageSize=100', undefined, {
        'accept-language': language,
      })
    ).body.items.filter((n: any) => n.campaignId === campaignId && n.templateKey === 'gate_hold');

  it('sends the issuing office one notice naming the phase, the units and the figures', async () => {
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（把关提醒）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-01-05T00:00:00+08:00',
      rehearsal: { timeScale: FAST, sendEmail: true },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const id = launched.body.id as string;
    // Nobody does anything: at the end of study every unit is below the gate.
    await eventually(
      async () => (await office('GET', `/api/v1/campaigns/${id}`)).body,
      (b) => b.status.code === 'holding',
      90_000,
    );
    const [notice] = await eventually(
      () => holdNotices(id),
      (found: any[]) => found.length > 0,
    );
    expect(notice).toMatchObject({ urgency: 'escalation', rehearsal: true });
    expect(notice.subject).toContain('“2026年教育整顿（把关提醒）”“学习教育”阶段未通过把关');
    expect(notice.body).toContain('东城分局第一党支部：必做事项完成率0%（要求不低于');
    expect(notice.body).toContain('时间服从质量');
    expect(notice.body).toContain('写明理由');
    expect(notice.body).toContain(`/api/v1/campaigns/${id}/advance`);
    const [english] = await holdNotices(id, 'en');
    expect(english.subject).toContain('Held at the gate');
    expect(english.body).toContain("0% of members' required items done");

    const mail = await eventually(
      async () => smtp.received.filter((m) => m.subject.includes('阶段未通过把关')),
      (found) => found.length > 0,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].to).toEqual([OFFICE_MAIL]);
    expect(mail[0].subject).toContain('【演练】');

    // Paused and resumed, the campaign holds again at the same gate: nothing is sent twice.
    const reason = '研究部署补学补做';
    expect((await office('POST', `/api/v1/campaigns/${id}/pause`, { reason })).status).toBe(200);
    const resumed = await office('POST', `/api/v1/campaigns/${id}/resume`, { reason });
    expect([resumed.status, resumed.body.status?.code]).toEqual([200, 'holding']);
    expect(await holdNotices(id)).toHaveLength(1);
    const rows = await api.db.dataSource.query(
      `SELECT channel FROM notifications WHERE campaign_id = $1 AND template_key = 'gate_hold' ORDER BY channel`,
      [id],
    );
    expect(rows.map((r: any) => r.channel)).toEqual(['email', 'inbox']);

    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);
  });
});

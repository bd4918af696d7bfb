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
import { Client } from '@temporalio/client';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';

/** What reporters write: none of it may leave the sealed columns but to inspectors in scope. */
const SUBJECT = '第一党支部书记陈支书';
const TEXT =
  '我反映第一党支部书记陈支书，今年三月以来多次在工作日中午到辖区饭店饮酒，并由饭店老板买单，群众意见很大。';
const ADDED = '补充：每次饮酒后下午均未按时到岗，值班记录由他人代签，已持续数月。';
const ANSWER = '您反映的问题已收悉，我们正在核查，感谢您的监督。';
const REPORTER = { name: '赵晓梅', phone: '138 0013 8000' };
const NAMED_TEXT = '反映治安中队民警工作日上班时间在办公室打牌娱乐，多次被群众看到，影响恶劣。';
/** Fragments that must appear nowhere but in an inspector's reads. */
const SECRETS = [SUBJECT, TEXT.slice(10, 25), ADDED.slice(3, 18), NAMED_TEXT.slice(0, 15)];
const IDENTITY = [REPORTER.name, REPORTER.phone];

const anonymousTipOff = (unitId: string, text = TEXT) => ({
  unitId,
  subjectName: SUBJECT,
  category: 'discipline_work',
  text,
  anonymous: true,
});

/** The six answers with item 5 "nothing to report" and a disclosure on item 6. */
const statement = (campaignId: string) => ({
  campaignId,
  items: [1, 2, 3, 4, 5, 6].map((item) =>
    item === 6
      ? { item, disclosure: '本人分管后勤期间，曾接受供应商宴请一次。' }
      : { item, nothingToReport: true },
  ),
});

/** Payload bytes of a Temporal history, readable for a search. */
const historyText = (history: unknown): string =>
  JSON.stringify(history, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    // A Buffer has been through its toJSON already.
    const json = value as { type?: unknown; data?: unknown } | null;
    if (json?.type === 'Buffer' && Array.isArray(json.data)) {
      return Buffer.from(json.data as number[]).toString('utf8');
    }
    return value;
  });

/** What a mail says, decoded. */
const mailText = (mail: { subject: string; text: string }) => `${mail.subject}\n${mail.text}`;

/**
 * Tip-offs (监督举报) through the API on the real dev server: anyone reports, anonymously or
 * named, and follows the tip-off with a receipt code and passphrase; only the inspectors whose
 * units hold it read it, each read audited and seen from above; triage registers a ledger item
 * in the inspector's own words, which is all the person concerned sees. Nothing of what was
 * reported, nor who reported it, reaches logs, notices, error bodies or Temporal.
 */
describe('tip-offs', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  const logLines: string[] = [];
  let inspector: ApiTestApp['request'];
  let cityInspector: ApiTestApp['request'];
  let otherInspector: ApiTestApp['request'];
  let office: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let leader: ApiTestApp['request'];
  let leaderId: string;
  let campaignId: string;
  /** Every receipt handed out: codes and passphrases must not be logged either. */
  const receipts: Array<{ receiptCode: string; passphrase: string }> = [];
  const anonymous = { id: '', receiptCode: '', passphrase: '' };
  const named = { id: '', receiptCode: '', passphrase: '' };

  const submit = async (body: unknown) => {
    const res = await api.request('POST', '/api/v1/tip-offs', body);
    if (res.status === 201) receipts.push(res.body);
    return res;
  };
  const credentials = (receipt: { receiptCode: string; passphrase: string }) => ({
    receiptCode: receipt.receiptCode,
    passphrase: receipt.passphrase,
  });
  const followUp = (receipt: { receiptCode: string; passphrase: string }, language?: string) =>
    api.request(
      'POST',
      '/api/v1/tip-offs/follow-up',
      credentials(receipt),
      language ? { 'accept-language': language } : {},
    );
  /** The first mail received with this subject (other mails may come and go meanwhile). */
  const mailWith = async (subject: string) =>
    (
      await eventually(
        async () => smtp.received.filter((m) => m.subject === subject),
        (mails) => mails.length > 0,
        30_000,
      )
    )[0];
  /** The id of the tip-off saying `text`, as the county inspector finds it. */
  const idOf = async (text: string): Promise<string> => {
    const list = await inspector('GET', '/api/v1/tip-offs?pageSize=200');
    expect(list.status).toBe(200);
    return list.body.items.find((t: { text: string }) => t.text === text).id as string;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp(
      {
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        MAIL_FROM: 'campaign@example.org',
        LOG_LEVEL: 'debug',
        // This suite reports many tip-offs from one address; the limit is tested on its own below.
        TIP_OFF_MAX_PER_CLIENT: '1000',
      },
      { logs: logLines },
    );
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
    const city = await f.account(org.city, [{ role: 'inspector', unit: org.city }]);
    const other = await f.account(org.countyB, [{ role: 'inspector', unit: org.countyB }]);
    inspector = api.as(await api.signIn(org.users.inspector.username));
    cityInspector = api.as(await api.signIn(city.username));
    otherInspector = api.as(await api.signIn(other.username));
    office = api.as(await api.signIn(org.users.office.username));
    member = api.as(await api.signIn(org.users.member.username));
    leader = api.as(await api.signIn(leaderAccount.username));
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

  it('documents the reporter’s routes as public, and the follow-up’s one 401', async () => {
    const doc = (await api.request('GET', '/docs-json')).body;
    const op = (method: string, path: string) => doc.paths[path][method];
    const statuses = (method: string, path: string) =>
      Object.keys(op(method, path).responses).sort();
    expect(statuses('post', '/api/v1/tip-offs')).toEqual([
      '201',
      '400',
      '404',
      '413',
      '422',
      '429',
    ]);
    expect(statuses('get', '/api/v1/tip-offs/units')).toEqual(['200']);
    expect(statuses('post', '/api/v1/tip-offs/follow-up')).toEqual(['200', '400', '401', '413']);
    expect(statuses('post', '/api/v1/tip-offs/follow-up/additions')).toEqual([
      '201',
      '400',
      '401',
      '409',
      '413',
    ]);
    for (const [method, path] of [
      ['post', '/api/v1/tip-offs'],
      ['get', '/api/v1/tip-offs/units'],
      ['post', '/api/v1/tip-offs/follow-up'],
    ]) {
      expect(op(method, path).security).toBeUndefined();
    }
    expect(statuses('post', '/api/v1/tip-offs/{id}/triage')).toEqual(
      expect.arrayContaining(['201', '401', '403', '404', '409', '422']),
    );
    expect(op('get', '/api/v1/tip-offs').security).toEqual([{ bearer: [] }]);
  });

  it('lists the units for the form by name only, to anyone', async () => {
    const res = await api.request('GET', '/api/v1/tip-offs/units');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { id: org.city.id, name: '某市公安局', parentId: null },
        { id: org.branchA.id, name: '东城分局第一党支部', parentId: org.countyA.id },
      ]),
    );
    for (const unit of res.body.items)
      expect(Object.keys(unit).sort()).toEqual(['id', 'name', 'parentId']);
    expect(JSON.stringify(res.body)).not.toContain(org.branchA.code);
  });

  it('takes an anonymous tip-off without sign-in: a receipt code and passphrase, nothing else; sealed; the inspectors hear of the unit and category only', async () => {
    smtp.clear();
    const res = await submit(anonymousTipOff(org.branchA.id));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['passphrase', 'receiptCode']);
    expect(res.body.receiptCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(res.body.passphrase).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    Object.assign(anonymous, res.body);
    anonymous.id = await idOf(TEXT);

    // Sealed at rest; only the passphrase's argon2id hash is kept; no reporter at all.
    const [row] = await api.db.dataSource.query(
      `SELECT subject_name, text, reporter, passphrase_hash, anonymous, key_id FROM tip_offs WHERE id = $1`,
      [anonymous.id],
    );
    expect(row.anonymous).toBe(true);
    expect(row.reporter).toBeNull();
    expect(row.key_id).toBe('development');
    for (const sealed of [row.subject_name, row.text] as Buffer[]) {
      expect(sealed.toString('utf8')).not.toContain('陈支书');
      expect(sealed.toString('utf8')).not.toContain('饮酒');
    }
    expect(row.passphrase_hash).toMatch(/^\$argon2id\$/);
    expect(row.passphrase_hash).not.toContain(anonymous.passphrase.replace(/-/g, ''));

    // The county inspectors (nearest above the branch) hear at once, in the inbox and by mail.
    const mail = await mailWith('【监督举报】东城分局第一党支部收到一件新的举报');
    expect(mail.to).toEqual(['inspector@example.org']);
    expect(mail.text).toContain('工作纪律');
    const inbox = await inspector('GET', '/api/v1/me/notifications');
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: '【监督举报】东城分局第一党支部收到一件新的举报' }),
      ]),
    );
    for (const secret of [...SECRETS, '陈支书']) {
      expect(mailText(mail)).not.toContain(secret);
      expect(JSON.stringify(inbox.body)).not.toContain(secret);
    }
  });

  it('takes a named tip-off, and refuses a nameless named one, an anonymous one with a reporter and an unknown unit (422), malformed ones (400), echoing nothing', async () => {
    const ok = await submit({
      unitId: org.branchA.id,
      subjectName: '治安中队民警',
      category: 'style_work',
      text: NAMED_TEXT,
      anonymous: false,
      reporter: REPORTER,
    });
    expect(ok.status).toBe(201);
    Object.assign(named, ok.body);
    named.id = await idOf(NAMED_TEXT);

    const rules = async (body: unknown) => {
      const res = await submit(body);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).not.toMatch(/陈支书|赵晓梅|饮酒/);
      return res.body.violations.map((v: { rule: string }) => v.rule);
    };
    expect(await rules({ ...anonymousTipOff(org.branchA.id), anonymous: false })).toEqual([
      'reporter_name_required',
    ]);
    expect(
      await rules({
        ...anonymousTipOff(org.branchA.id),
        anonymous: false,
        reporter: { phone: REPORTER.phone },
      }),
    ).toEqual(['reporter_name_required']);
    expect(
      await rules({
        ...anonymousTipOff(org.branchA.id),
        anonymous: false,
        reporter: { name: null, phone: REPORTER.phone },
      }),
    ).toEqual(['reporter_name_required']);
    expect(await rules({ ...anonymousTipOff(org.branchA.id), reporter: REPORTER })).toEqual([
      'anonymous_with_reporter',
    ]);
    // A null reporter is no reporter.
    expect((await submit({ ...anonymousTipOff(org.branchA.id), reporter: null })).status).toBe(201);
    expect(await rules(anonymousTipOff('00000000-0000-4000-8000-000000000000'))).toEqual([
      'unknown_unit',
    ]);

    for (const body of [
      { ...anonymousTipOff(org.branchA.id), subjectName: `\u202E${SUBJECT}` },
      { ...anonymousTipOff(org.branchA.id), text: `${TEXT}${'很'.repeat(8000)}` },
      { ...anonymousTipOff(org.branchA.id), category: '陈支书饮酒' },
      {
        ...anonymousTipOff(org.branchA.id),
        anonymous: false,
        reporter: { name: REPORTER.name, phone: `${REPORTER.name}的手机` },
      },
      { ...anonymousTipOff(org.branchA.id), reporter: REPORTER.name },
    ]) {
      const res = await submit(body);
      expect(res.status).toBe(400);
      for (const secret of [...SECRETS, ...IDENTITY, '陈支书']) {
        expect(JSON.stringify(res.body)).not.toContain(secret);
      }
    }
  });

  it('lets the reporter follow the tip-off and add information with the receipt, in the body', async () => {
    const first = await followUp(anonymous);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: { code: 'received', label: '已受理' },
      receivedAt: expect.any(String),
      handledAt: null,
      answers: [],
      additions: [],
    });
    // However it was copied: lower case, spaces for dashes.
    const sloppy = await followUp({
      receiptCode: ` ${anonymous.receiptCode.toLowerCase().replace(/-/g, ' ')} `,
      passphrase: anonymous.passphrase.toLowerCase(),
    });
    expect(sloppy.status).toBe(200);

    smtp.clear();
    const added = await api.request('POST', '/api/v1/tip-offs/follow-up/additions', {
      ...credentials(anonymous),
      text: ADDED,
    });
    expect(added.status).toBe(201);
    expect(added.body.additions).toEqual([{ at: expect.any(String) }]);
    expect(JSON.stringify(added.body)).not.toContain(ADDED.slice(3, 18));
    const mail = await mailWith('【监督举报】涉及东城分局第一党支部的举报有补充材料');
    expect(mailText(mail)).not.toContain(ADDED.slice(3, 18));

    const answered = await inspector('POST', `/api/v1/tip-offs/${anonymous.id}/answers`, {
      text: ANSWER,
    });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({
      author: { code: 'inspector', label: '纪检监察答复' },
      authorPersonId: org.users.inspector.person.id,
      text: ANSWER,
    });

    const now = await followUp(anonymous, 'en');
    expect(now.body).toMatchObject({
      status: { code: 'received', label: 'Received' },
      answers: [{ at: expect.any(String), text: ANSWER }],
      additions: [{ at: expect.any(String) }],
    });
    // Never whom it is about, what was reported, nor who answers.
    for (const secret of [...SECRETS, org.users.inspector.person.id]) {
      expect(JSON.stringify(now.body)).not.toContain(secret);
    }
  });

  it('answers one 401 for an unknown code, a wrong passphrase or a locked receipt; five wrong in a row lock it for 15 minutes', async () => {
    const fresh = await submit(
      anonymousTipOff(org.branchA.id, '反映某民警多次酒后驾驶私家车上下班，存在严重安全隐患。'),
    );
    const receipt = fresh.body as { receiptCode: string; passphrase: string };
    const wrong = { ...receipt, passphrase: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ' };
    const unknown = await followUp({ ...receipt, receiptCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' });
    const refused = await followUp(wrong);
    expect([unknown.status, refused.status]).toEqual([401, 401]);
    expect(refused.body).toEqual(unknown.body);
    expect((await followUp({ ...receipt, passphrase: '不是口令' })).body).toEqual(unknown.body);

    // A right passphrase forgives the wrong ones before it.
    for (let i = 0; i < 2; i++) expect((await followUp(wrong)).status).toBe(401);
    expect((await followUp(receipt)).status).toBe(200);

    for (let i = 0; i < 5; i++) expect((await followUp(wrong)).status).toBe(401);
    const locked = await followUp(receipt);
    expect([locked.status, locked.body]).toEqual([401, unknown.body]);
    const additions = await api.request('POST', '/api/v1/tip-offs/follow-up/additions', {
      ...receipt,
      text: '补充一点情况。',
    });
    expect([additions.status, additions.body]).toEqual([401, unknown.body]);
    const [row] = await api.db.dataSource.query(
      `SELECT extract(epoch FROM locked_until - now()) AS left FROM tip_offs WHERE receipt_code = $1`,
      [receipt.receiptCode],
    );
    expect(Number(row.left)).toBeGreaterThan(14 * 60);
    expect(Number(row.left)).toBeLessThanOrEqual(15 * 60);

    // Fifteen minutes later (moved back in the database) the right passphrase works again.
    await api.db.dataSource.query(
      `UPDATE tip_offs SET locked_until = now() - interval '1 second' WHERE receipt_code = $1`,
      [receipt.receiptCode],
    );
    expect((await followUp(receipt)).status).toBe(200);

    // A burst of guesses cannot outrun the count: it locks the receipt all the same.
    const burst = await Promise.all(Array.from({ length: 12 }, () => followUp(wrong)));
    expect(burst.map((r) => r.status)).toEqual(Array(12).fill(401));
    expect((await followUp(receipt)).status).toBe(401);
  });

  it('shows inspectors in scope the tip-offs with what they say, the reporter on its own route; each read audited, seen from above', async () => {
    const list = await inspector(
      'GET',
      `/api/v1/tip-offs?status=received&unitId=${org.branchA.id}`,
    );
    expect(list.status).toBe(200);
    const listRequest = list.headers.get('x-request-id');
    const mine = list.body.items.find((t: { id: string }) => t.id === anonymous.id);
    expect(mine).toMatchObject({
      unit: { id: org.branchA.id, name: '东城分局第一党支部' },
      category: { code: 'discipline_work', label: '工作纪律' },
      anonymous: true,
      status: { code: 'received' },
      subjectName: SUBJECT,
      text: TEXT,
      problemId: null,
    });
    // The reporter is never in a list or a tip-off's view: only on its own route.
    expect(JSON.stringify(list.body)).not.toContain(REPORTER.name);
    expect(
      (await inspector('GET', `/api/v1/tip-offs?unitId=${org.branchB.id}`)).body.items,
    ).toEqual([]);

    const detail = await inspector('GET', `/api/v1/tip-offs/${anonymous.id}`, undefined, {
      'accept-language': 'en',
    });
    expect(detail.status).toBe(200);
    expect(detail.body.messages).toEqual([
      expect.objectContaining({
        author: { code: 'reporter', label: 'Added by the reporter' },
        authorPersonId: null,
        text: ADDED,
      }),
      expect.objectContaining({
        author: { code: 'inspector', label: "Inspector's answer" },
        text: ANSWER,
      }),
    ]);
    expect(detail.body.closingReason).toBeNull();
    const detailRequest = detail.headers.get('x-request-id');

    const who = await inspector('GET', `/api/v1/tip-offs/${named.id}/reporter`);
    expect(who.status).toBe(200);
    expect(who.body).toEqual({ anonymous: false, ...REPORTER });
    const whoRequest = who.headers.get('x-request-id');
    expect((await inspector('GET', `/api/v1/tip-offs/${anonymous.id}/reporter`)).body).toEqual({
      anonymous: true,
      name: null,
      phone: null,
    });

    // The city inspector sees the county inspector's reads; the county inspector does not.
    const trail = async (subjectId: string) =>
      (await cityInspector('GET', `/api/v1/audit?subjectId=${subjectId}&pageSize=200`)).body.items;
    expect(await trail(anonymous.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'read.tip_off',
          actionLabel: '查阅举报内容',
          actor: expect.objectContaining({ id: org.users.inspector.person.id }),
          source: listRequest,
          details: { purpose: 'list' },
        }),
        expect.objectContaining({
          action: 'read.tip_off',
          source: detailRequest,
          details: { purpose: 'detail' },
        }),
      ]),
    );
    expect(await trail(named.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'read.tip_off',
          source: listRequest,
        }),
        expect.objectContaining({
          action: 'read.tip_off_reporter',
          actionLabel: '查阅举报人身份',
          actor: expect.objectContaining({ id: org.users.inspector.person.id }),
          subjectType: 'tip_off',
          source: whoRequest,
        }),
      ]),
    );
    const own = await inspector('GET', `/api/v1/audit?subjectId=${named.id}`);
    expect(own.body.items).toEqual([]);
    // The audit trail holds ids, never what was read.
    for (const secret of [...SECRETS, ...IDENTITY]) {
      expect(JSON.stringify(await trail(named.id))).not.toContain(secret);
    }
  });

  it('hides tip-offs from inspectors of other units (404) and from every other role (403)', async () => {
    const theirs = await otherInspector('GET', '/api/v1/tip-offs');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((t: { id: string }) => t.id)).not.toContain(anonymous.id);
    for (const [method, path, body] of [
      ['GET', `/api/v1/tip-offs/${anonymous.id}`],
      ['GET', `/api/v1/tip-offs/${named.id}/reporter`],
      ['POST', `/api/v1/tip-offs/${anonymous.id}/answers`, { text: '已收悉。' }],
      ['POST', `/api/v1/tip-offs/${anonymous.id}/not-pursued`, { reason: '查无实据。' }],
      [
        'POST',
        `/api/v1/tip-offs/${anonymous.id}/triage`,
        { campaignId, personId: leaderId, category: 'discipline_life', description: '饮酒问题。' },
      ],
    ] as Array<[string, string, unknown?]>) {
      expect([method, path, (await otherInspector(method, path, body)).status]).toEqual([
        method,
        path,
        404,
      ]);
      for (const [name, caller] of [
        ['office', office],
        ['member', member],
        ['leader', leader],
      ] as const) {
        expect([name, method, path, (await caller(method, path, body)).status]).toEqual([
          name,
          method,
          path,
          403,
        ]);
      }
    }
    expect((await office('GET', '/api/v1/tip-offs')).status).toBe(403);
    expect((await member('GET', '/api/v1/tip-offs')).status).toBe(403);
  });

  it('triages into a ledger item in the inspector’s words, flagging a concealment; refuses quoting (422) and a second triage (409); the person concerned sees only the item', async () => {
    const submitted = await leader('POST', '/api/v1/statements', statement(campaignId));
    expect(submitted.status).toBe(201);
    const triage = (description: string) =>
      inspector('POST', `/api/v1/tip-offs/${anonymous.id}/triage`, {
        campaignId,
        personId: leaderId,
        category: 'discipline_life',
        description,
      });

    // Quoting the tip-off, or what its reporter added, is refused; so is the reporter's name.
    const quoted = await triage(`经核查，${TEXT.slice(20, 40)}。`);
    expect(quoted.status).toBe(422);
    expect(quoted.body.violations).toEqual([
      expect.objectContaining({ field: 'description', rule: 'quotes_tip_off' }),
    ]);
    expect(JSON.stringify(quoted.body)).not.toContain(TEXT.slice(20, 30));
    expect((await triage(`经核查属实：${ADDED.slice(3, 25)}`)).status).toBe(422);
    // Invisible characters threaded through a copied sentence hide nothing (zero-width space,
    // soft hyphen, word joiner, combining grapheme joiner, variation selector).
    for (const invisible of ['\u200b', '\u00ad', '\u2060', '\u034f', '\ufe0f']) {
      const threaded = Array.from(TEXT.slice(20, 40)).join(invisible);
      const hidden = await triage(`经核查，${threaded}。`);
      expect([invisible, hidden.status, hidden.body.violations]).toEqual([
        invisible,
        422,
        [expect.objectContaining({ field: 'description', rule: 'quotes_tip_off' })],
      ]);
    }
    const naming = await inspector('POST', `/api/v1/tip-offs/${named.id}/triage`, {
      campaignId,
      personId: leaderId,
      category: 'style_work',
      description: `经${REPORTER.name}反映，上班时间打牌。`,
    });
    expect(naming.body.violations.map((v: { rule: string }) => v.rule)).toEqual(['names_reporter']);
    const namingHidden = await inspector('POST', `/api/v1/tip-offs/${named.id}/triage`, {
      campaignId,
      personId: leaderId,
      category: 'style_work',
      description: `经${Array.from(REPORTER.name).join('\u200b')}反映，上班时间打牌。`,
    });
    expect(namingHidden.body.violations.map((v: { rule: string }) => v.rule)).toEqual([
      'names_reporter',
    ]);
    // Nobody triages a tip-off into a problem about themselves.
    const own = await inspector('POST', `/api/v1/tip-offs/${anonymous.id}/triage`, {
      campaignId,
      personId: org.users.inspector.person.id,
      category: 'discipline_life',
      description: '经核查，存在违反生活纪律的问题。',
    });
    expect(own.status).toBe(422);
    expect(own.body.violations.map((v: { rule: string }) => v.rule)).toEqual([
      'conflict_of_interest',
    ]);
    expect((await followUp(anonymous)).body.status.code).toBe('received');

    smtp.clear();
    const words = '工作日午间饮酒并由管理服务对象结账，午后脱岗，违反工作纪律和生活纪律。';
    const triaged = await triage(words);
    expect(triaged.status).toBe(201);
    expect(triaged.body).toMatchObject({
      personId: leaderId,
      channel: { code: 'tip_off', label: '监督举报' },
      clarificationItem: { code: '5' },
      disclosure: { code: 'suspected_concealment' },
      concealmentFlag: expect.objectContaining({ status: { code: 'open', label: '待核实' } }),
      item: expect.objectContaining({ description: words }),
    });
    const itemId = triaged.body.item.id as string;

    // Handled: the reporter sees it; a second triage or a closing is 409.
    const followed = await followUp(anonymous);
    expect(followed.body).toMatchObject({
      status: { code: 'triaged', label: '已登记转办' },
      handledAt: expect.any(String),
    });
    expect((await triage('另一种说法：饮酒问题。')).status).toBe(409);
    expect(
      (
        await inspector('POST', `/api/v1/tip-offs/${anonymous.id}/not-pursued`, {
          reason: '查无实据。',
        })
      ).status,
    ).toBe(409);
    const detail = await inspector('GET', `/api/v1/tip-offs/${anonymous.id}`);
    expect(detail.body).toMatchObject({
      status: { code: 'triaged' },
      problemId: triaged.body.id,
      handledByPersonId: org.users.inspector.person.id,
    });

    // The decision is on the trail, seen from above.
    const decisions = await cityInspector(
      'GET',
      `/api/v1/audit?action=tip_off.triage&subjectId=${anonymous.id}`,
    );
    expect(decisions.body.items).toEqual([
      expect.objectContaining({
        actionLabel: '举报登记转办',
        actor: expect.objectContaining({ id: org.users.inspector.person.id }),
        details: expect.objectContaining({ problemId: triaged.body.id, personId: leaderId }),
      }),
    ]);

    // The person concerned reads the item, in the inspector's words, and nothing of the tip-off.
    const theirs = await leader('GET', `/api/v1/items/${itemId}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.description).toBe(words);
    const timeline = await leader('GET', `/api/v1/items/${itemId}/timeline`);
    for (const res of [theirs, timeline]) {
      for (const secret of [...SECRETS, ...IDENTITY, ANSWER, anonymous.id]) {
        expect(JSON.stringify(res.body)).not.toContain(secret);
      }
    }
    expect((await leader('GET', `/api/v1/tip-offs/${anonymous.id}`)).status).toBe(403);
    expect((await leader('GET', `/api/v1/problems/${triaged.body.id}`)).status).toBe(403);
    await eventually(
      () => inspector('GET', `/api/v1/items/${itemId}`),
      (item) => item.body.starting === false,
    );
  });

  it('closes a tip-off without pursuing, with its reason on the trail; its reporter sees so and can add no more', async () => {
    // The reason stays on the audit trail in the clear: quoting the tip-off there is refused too.
    const quoting = await inspector('POST', `/api/v1/tip-offs/${named.id}/not-pursued`, {
      reason: `经核实，${NAMED_TEXT.slice(2, 22)}，不属实。`,
    });
    expect(quoting.status).toBe(422);
    expect(quoting.body.violations).toEqual([
      expect.objectContaining({ field: 'reason', rule: 'quotes_tip_off' }),
    ]);
    const closed = await inspector('POST', `/api/v1/tip-offs/${named.id}/not-pursued`, {
      reason: '经初步核实，反映问题无事实依据，予以了结。',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: { code: 'not_pursued', label: '了结' },
      handledByPersonId: org.users.inspector.person.id,
      problemId: null,
    });
    expect(closed.body.text).toBeUndefined();
    const detail = await inspector('GET', `/api/v1/tip-offs/${named.id}`);
    expect(detail.body.closingReason).toBe('经初步核实，反映问题无事实依据，予以了结。');
    const decision = await cityInspector(
      'GET',
      `/api/v1/audit?action=tip_off.not_pursued&subjectId=${named.id}`,
    );
    expect(decision.body.items).toEqual([
      expect.objectContaining({
        actionLabel: '举报了结',
        reason: '经初步核实，反映问题无事实依据，予以了结。',
      }),
    ]);

    const followed = await followUp(named, 'en');
    expect(followed.body.status).toEqual({
      code: 'not_pursued',
      label: 'Closed without a finding',
    });
    const late = await api.request('POST', '/api/v1/tip-offs/follow-up/additions', {
      ...credentials(named),
      text: '我还有新的情况要反映。',
    });
    expect(late.status).toBe(409);
    expect(
      (
        await inspector('POST', `/api/v1/tip-offs/${named.id}/triage`, {
          campaignId,
          personId: leaderId,
          category: 'style_work',
          description: '上班时间娱乐。',
        })
      ).status,
    ).toBe(409);
  });

  it('keeps what was reported and who reported it out of logs, notices and Temporal', async () => {
    const logs = logLines.join('\n');
    expect(logs).toContain('tip-off received');
    const handedOut = receipts.flatMap((r) => [r.receiptCode, r.passphrase]);
    for (const secret of [...SECRETS, ...IDENTITY, ANSWER, ...handedOut]) {
      expect(logs).not.toContain(secret);
    }

    const notices: Array<{ params: string }> = await api.db.dataSource.query(
      `SELECT params::text AS params FROM notifications`,
    );
    expect(notices.length).toBeGreaterThan(0);
    for (const secret of [...SECRETS, ...IDENTITY, ANSWER]) {
      expect(notices.map((n) => n.params).join('\n')).not.toContain(secret);
    }
    for (const mail of smtp.received) {
      for (const secret of [...SECRETS, ...IDENTITY]) expect(mailText(mail)).not.toContain(secret);
    }

    // Temporal stores workflow inputs and results in clear: the notices' batch and the item's
    // workflow carry ids (and the inspector's words), nothing of the tip-off.
    const temporal = api.app.get(Client);
    const [{ item_id: itemId }] = await api.db.dataSource.query(
      `SELECT item_id FROM problems WHERE tip_off_id = $1`,
      [anonymous.id],
    );
    for (const workflowId of [
      `notification-batch-tip_off_received-${anonymous.id}`,
      `notification-batch-tip_off_received-${named.id}`,
      `item-${itemId}`,
    ]) {
      const history = historyText(await temporal.workflow.getHandle(workflowId).fetchHistory());
      // Read as text (the payloads decoded): the ids it carries are there.
      expect(history).toContain(
        workflowId.replace(/^(notification-batch-tip_off_received|item)-/, ''),
      );
      for (const secret of [...SECRETS, ...IDENTITY, ANSWER]) {
        expect([workflowId, history.includes(secret)]).toEqual([workflowId, false]);
      }
    }
  });
});

/**
 * The tip-off line under a flood, with the limits as they ship: past the limit per client the
 * answer is 429 with Retry-After, and a burst reaches the inspector as one notice with its
 * number — every accepted tip-off stored and listed all the same.
 */
describe('tip-offs under a flood', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let inspector: ApiTestApp['request'];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'campaign@example.org',
      // Each request names its client (X-Forwarded-For through the trusted local proxy).
      TRUST_PROXY: 'loopback',
      // Long enough for the whole burst to gather, however slow the machine.
      TIP_OFF_NOTICE_HOLD_SECONDS: '20',
    });
    org = await standardOrganisation(api.db.dataSource);
    await api.db.dataSource.query(
      `UPDATE people SET email = 'inspector@example.org' WHERE id = $1`,
      [org.users.inspector.person.id],
    );
    inspector = api.as(await api.signIn(org.users.inspector.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  const submitFrom = (client: string, text: string) =>
    api.request('POST', '/api/v1/tip-offs', anonymousTipOff(org.branchA.id, text), {
      'x-forwarded-for': client,
    });

  it('takes 10 tip-offs an hour from one address, then 429 with Retry-After; the inspector gets one notice of all of them', async () => {
    expect(api.config.limits.tipOffs).toEqual({ windowSeconds: 3600, maxPerClient: 10 });
    const flood = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submitFrom('203.0.113.50', `${TEXT}（第${i + 1}次）`)),
    );
    expect(flood.map((r) => r.status)).toEqual(Array(10).fill(201));
    const refused = await submitFrom('203.0.113.50', `${TEXT}（第11次）`);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'throttled' });
    expect(JSON.stringify(refused.body)).not.toContain(SUBJECT);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Another address is not held back.
    expect((await submitFrom('203.0.113.51', `${TEXT}（另一地址）`)).status).toBe(201);

    // Every accepted one is stored and listed; the refused one is not.
    const listed = await inspector('GET', '/api/v1/tip-offs?pageSize=100');
    expect(listed.body.total).toBe(11);
    expect(listed.body.items.map((t: { text: string }) => t.text)).not.toContain(
      `${TEXT}（第11次）`,
    );

    // One notice for the burst, in the inbox at once and by one mail once it has gathered.
    const undelivered = async () =>
      Number(
        (
          await api.db.dataSource.query(
            `SELECT count(*)::int AS n FROM notifications
              WHERE channel = 'email' AND status IN ('pending', 'sending')`,
          )
        )[0].n,
      );
    await eventually(undelivered, (n) => n === 0, 90_000);
    const mails = smtp.received.filter((m) => m.to.includes('inspector@example.org'));
    expect(mails.map((m) => m.subject)).toEqual(['【监督举报】收到11件新的举报']);
    for (const secret of [SUBJECT, TEXT.slice(10, 25)]) {
      expect(mailText(mails[0])).not.toContain(secret);
    }
    const inbox = await inspector('GET', '/api/v1/me/notifications');
    const notices = inbox.body.items.filter((n: { subject: string }) =>
      n.subject.includes('监督举报'),
    );
    expect(notices.map((n: { subject: string }) => n.subject)).toEqual([
      '【监督举报】收到11件新的举报',
    ]);

    // A tip-off after that mail went out opens a new notice, of its own.
    expect((await submitFrom('203.0.113.52', `${TEXT}（之后）`)).status).toBe(201);
    await eventually(
      async () => smtp.received.filter((m) => m.to.includes('inspector@example.org')),
      (all) => all.length === 2,
      90_000,
    );
    expect(smtp.received.at(-1)!.subject).toBe('【监督举报】东城分局第一党支部收到一件新的举报');
  });
});

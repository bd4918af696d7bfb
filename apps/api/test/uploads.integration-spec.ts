import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  eventually,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
  zipBombWorkbook,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
/** Ten campaign minutes a second: the study phase stays open through the test. */
const TIME_SCALE = 600;
const MiB = 2 ** 20;

/**
 * Files people upload, on every route that takes them: evidence (task completion, item progress
 * and submission) and imports (roster, ledger). Names as sent (Chinese included), hostile names
 * and empty files refused before anything is stored, import cells judged alike by the dry run and
 * the import, and hostile workbooks refused without the API's memory growing.
 */
describe('uploads', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let campaignId: string;
  let secretary: string;
  let evidenceDir: string;

  /** Every file in the evidence folder. */
  const stored = async () =>
    (await readdir(api.config.storage.evidenceDir, { recursive: true }).catch(() => [])).filter(
      (f) => /[0-9a-f]{64}/.test(String(f)),
    );
  const form = (files: Array<[string, string]>, text?: string) => {
    const body = new FormData();
    if (text) body.append('text', text);
    for (const [name, content] of files) {
      body.append('files', new Blob([content], { type: 'application/pdf' }), name);
    }
    return body;
  };
  /**
   * A multipart body naming its files the RFC 5987 way (`filename*=UTF-8''…`, percent-encoded),
   * which carries any character, NUL included, past the part-header parser.
   */
  const encoded = (files: Array<[string, string]>, text?: string) => {
    const boundary = `----upload${Date.now()}`;
    const parts = files.map(
      ([name, content]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; ` +
        `filename*=UTF-8''${encodeURIComponent(name)}\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`,
    );
    if (text) {
      parts.unshift(
        `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${text}\r\n`,
      );
    }
    return {
      body: `${parts.join('')}--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  };
  const hostile: Array<[string, (text?: string) => { body: unknown; headers?: object }]> = [
    ['a NUL in the name', (text) => encoded([['整改\u0000报告.pdf', 'a']], text)],
    ['a control character in the name', (text) => encoded([['整改\u0001报告.pdf', 'b']], text)],
    ['a bidi override in the name', (text) => encoded([['报告\u202Efdp.exe', 'c']], text)],
    [
      'an empty file beside a good one',
      (text) => ({
        body: form(
          [
            ['说明.pdf', 'd'],
            ['空白.pdf', ''],
          ],
          text,
        ),
      }),
    ],
  ];
  const send = (
    as: ApiTestApp['request'],
    path: string,
    request: { body: unknown; headers?: object },
  ) => as('POST', path, request.body, request.headers as Record<string, string> | undefined);
  const longName = `${'档'.repeat(254)}😀.pdf`;

  beforeAll(async () => {
    // Its own evidence folder: files are kept by content, and other suites store theirs.
    evidenceDir = await mkdtemp(join(tmpdir(), 'evidence-'));
    api = await startApiTestApp({ EVIDENCE_DIR: evidenceDir });
    org = await standardOrganisation(api.db.dataSource);
    const leader = await org.factory.person(org.branchA, { name: '周书记', isLeader: true });
    await org.factory.org.setFirstResponsible(org.branchA.id, leader.id);
    secretary = leader.id;
    office = api.as(await api.signIn(org.users.office.username));
    member = api.as(await api.signIn(org.users.member.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（附件）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-03-02T00:00:00+08:00',
      rehearsal: { timeScale: TIME_SCALE, sendEmail: false },
    });
    expect(launched.status).toBe(201);
    campaignId = launched.body.id;
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await rm(evidenceDir, { recursive: true, force: true });
  });

  it('completes a task with Chinese file names shown as sent; hostile names and empty files are 400 naming files, nothing stored', async () => {
    const tasks = await eventually(
      async () =>
        (await member('GET', `/api/v1/me/tasks?campaignId=${campaignId}&phase=0&pageSize=100`))
          .body,
      (b) => b.total > 0,
    );
    const task = tasks.items.find((t: any) => t.taskKey === 'integrity-pledge');
    const path = `/api/v1/tasks/${task.id}/complete`;
    const before = await stored();
    for (const [what, request] of hostile) {
      const res = await send(member, path, request());
      expect([what, res.status, res.body.errors?.[0]?.field]).toEqual([what, 400, 'files']);
    }
    // A NUL sent raw in `filename="…"` (no RFC 5987) breaks the part header itself: busboy
    // refuses the request before any file is read.
    const raw = await member('POST', path, form([['整改\u0000报告.pdf', 'e']]));
    expect([raw.status, raw.body.code]).toEqual([400, 'invalid']);
    expect(await stored()).toEqual(before);
    expect((await member('GET', `/api/v1/tasks/${task.id}`)).body.status.code).toBe('open');

    const done = await member(
      'POST',
      path,
      form([
        ['整改报告.pdf', `廉政承诺书（签字版）${randomUUID()}`],
        [longName, `长名字${randomUUID()}`],
      ]),
    );
    expect([done.status, done.body.message]).toEqual([200, undefined]);
    const read = await member('GET', `/api/v1/tasks/${task.id}`);
    expect(read.body.evidence.map((e: any) => e.fileName)).toEqual([
      '整改报告.pdf',
      `${'档'.repeat(254)}😀`,
    ]);
    expect((await stored()).length).toBe(before.length + 2);
  });

  it('takes progress and a submission with Chinese file names shown as sent; hostile ones are 400, nothing stored', async () => {
    const registered = await office('POST', '/api/v1/items', {
      campaignId,
      unitId: org.branchA.id,
      personIds: [org.users.member.person.id],
      description: '个别民警上班时间玩手机。',
      source: 'inspection',
      category: 'discipline_work',
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id;
    const assigned = await office('POST', `/api/v1/items/${id}/assign`, {
      responsibleLeaderId: secretary,
      responsibleUnitId: org.branchA.id,
      responsiblePersonId: org.users.member.person.id,
      deadlineWorkingDays: 20,
      acceptanceStandard: '连续一个月抽查无违规。',
      expectedEffect: '工作纪律明显好转。',
      measures: '每周抽查在岗情况。',
      mode: 'by_deadline',
    });
    expect([assigned.status, assigned.body.message]).toEqual([200, undefined]);

    for (const route of ['progress', 'submit']) {
      const before = await stored();
      for (const [what, request] of hostile) {
        const res = await send(member, `/api/v1/items/${id}/${route}`, request('已整改。'));
        expect([route, what, res.status, res.body.errors?.[0]?.field]).toEqual([
          route,
          what,
          400,
          'files',
        ]);
      }
      expect(await stored()).toEqual(before);
      const name = route === 'progress' ? '第一轮抽查记录.pdf' : '整改报告.pdf';
      const ok = await member(
        'POST',
        `/api/v1/items/${id}/${route}`,
        form([[name, `${route} 证明材料 ${randomUUID()}`]], '已整改。'),
      );
      expect([route, ok.status, ok.body.message]).toEqual([route, 200, undefined]);
    }
    // A report the item's workflow refuses (progress after submission) keeps no file either.
    const before = await stored();
    const refused = await member(
      'POST',
      `/api/v1/items/${id}/progress`,
      form([['补充材料.pdf', `补充 ${randomUUID()}`]], '补充。'),
    );
    expect(refused.status).toBe(409);
    expect(await stored()).toEqual(before);
    const item = await member('GET', `/api/v1/items/${id}`);
    expect(item.body.reports.map((r: any) => r.files.map((f: any) => f.fileName))).toEqual([
      ['第一轮抽查记录.pdf'],
      ['整改报告.pdf'],
    ]);
  });

  it('judges ledger cells by the JSON rules in the dry run and the import alike: 422 by row and column', async () => {
    const header = ['序号', '问题', '来源', '问题类别', '单位'];
    const row = (n: number, description: string) => [
      String(n),
      description,
      '巡视巡察',
      '工作纪律',
      org.branchA.name,
    ];
    const csv = Buffer.from(
      [
        header,
        row(1, '午间\u0000饮酒。'),
        row(2, '记录\u0001不全。'),
        row(3, '值班\u000b脱岗。'),
        row(4, '台账\u007f缺页。'),
        ['5\u0001', '车辆私用。', '巡视巡察', '工作纪律', org.branchA.name],
      ]
        .map((r) => r.map((c) => `"${c}"`).join(','))
        .join('\r\n'),
    );
    for (const query of ['?dryRun=true', '']) {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(csv)]), '整改台账.csv');
      const res = await office(
        'POST',
        `/api/v1/campaigns/${campaignId}/ledger/import${query}`,
        body,
      );
      expect([query, res.status]).toEqual([query, 422]);
      expect(res.body.problems.map((p: any) => `${p.row}!${p.column}`)).toEqual([
        '2!问题',
        '3!问题',
        '4!问题',
        '5!问题',
        '6!序号',
      ]);
      expect(res.body.problems[0].message).toMatch(/NUL/);
      expect(res.body.problems[1].message).toMatch(/control characters/);
    }
  });

  describe('hostile workbooks', () => {
    /** A workbook of `rows` rows, written as a stream (the test runs inside the API process). */
    async function workbookOf(rows: number): Promise<Buffer> {
      const chunks: Buffer[] = [];
      const { PassThrough } = await import('node:stream');
      const out = new PassThrough();
      out.on('data', (c: Buffer) => chunks.push(c));
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
      const sheet = book.addWorksheet('人员 People');
      sheet.addRow(['工号 Staff number', '姓名 Name', '单位编码 Unit code']).commit();
      for (let i = 1; i < rows; i++) sheet.addRow([`${100000 + i}`, `民警${i}`, 'X']).commit();
      sheet.commit();
      await book.commit();
      return Buffer.concat(chunks);
    }

    it('refuses four zip bombs and four 100,000-row workbooks at once on each import (413), the API staying within 200 MB', async () => {
      const bomb = zipBombWorkbook(1024, 1000);
      expect(bomb.length).toBeLessThan(2 * MiB);
      const huge = await workbookOf(100_000);
      const routes = ['/api/v1/import', `/api/v1/campaigns/${campaignId}/ledger/import`];
      const post = (route: string, file: Buffer, name: string) => {
        const body = new FormData();
        body.append('file', new Blob([new Uint8Array(file)]), name);
        return office('POST', route, body);
      };

      let peak = 0;
      const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
      const start = process.memoryUsage().rss;
      const sampler = setInterval(sample, 20);
      try {
        // Four at once of each kind on each import, as the issue measured them.
        for (const route of routes) {
          for (const [file, name] of [
            [bomb, '炸弹.xlsx'],
            [huge, '十万行.xlsx'],
          ] as const) {
            const answers = await Promise.all([1, 2, 3, 4].map(() => post(route, file, name)));
            expect(answers.map((a) => [a.status, a.body.code])).toEqual(
              answers.map(() => [413, 'payload_too_large']),
            );
            expect(answers[0].body.message).toMatch(/split the file/);
          }
        }
      } finally {
        clearInterval(sampler);
      }
      sample();
      const end = process.memoryUsage().rss;
      // Measured in the test process, which is the API's (in-process app): the worker, the
      // Temporal client and jest share it, so the figure is an upper bound on the API's growth.
      expect(Math.round((peak - start) / MiB)).toBeLessThan(200);
      expect(Math.round((end - start) / MiB)).toBeLessThan(200);
    });
  });
});

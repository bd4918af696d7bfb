import { type Role, ROLES } from '@campaign/domain';
import { DecisionRepository, NotificationRepository } from '@campaign/persistence';
import {
  eventually,
  planFactory,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModulesContainer } from '@nestjs/core';

import { POLICIES } from '../src/auth/policies.js';
import { POLICY_KEY, type RoutePolicy } from '../src/auth/policy.decorator.js';
import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const DAY = 24 * 3600 * 1000;
/** The day (Asia/Shanghai) `days` from now: deadlines stay within their campaign's horizon. */
const dayAhead = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';

/** The smallest plan that resolves: four phases, one month each, nothing owed. */
const minimalPlan = () => ({
  phases: ['study', 'self_check', 'rectification', 'consolidation'].map((kind, i) => ({
    kind,
    start: { offset: `P${i}M` },
    end: { duration: 'P1M' },
    tasks: [],
  })),
});

/** One route, and how to aim it at something inside (county A) or outside (county B) the scope. */
interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The route as Nest declares it, e.g. `/api/v1/units/:id`. */
  route: string;
  policy: RoutePolicy;
  /**
   * Builds a request aimed inside or outside county A; fresh objects for mutating routes. The
   * caller's role is given for routes about the caller's own things (their inbox).
   */
  aim(side: 'in' | 'out', role: Role): Promise<{ path: string; body?: unknown }>;
  /** For list routes: ids in the answer that must never be outside the caller's scope. */
  listIds?: (body: any) => string[];
  /** Routes about no object in the tree (templates): only the inside case applies. */
  unscoped?: boolean;
  /** What an allowed role gets outside its scope where that is not 404 (an import names the unknown code: 422). */
  outStatus?: number;
  /**
   * What an allowed role gets inside its scope where a 2xx needs a state the matrix cannot reach
   * in seconds (a talk waits for the ladder's talk rung: 409 proves the request got past access).
   */
  inStatus?: number;
}

describe('access: every route × every role × in scope / out of scope', () => {
  let api: ApiTestApp;
  let org: StandardOrganisation;
  let worker: TestWorker;
  const tokens = {} as Record<Role, string>;
  const campaigns = { in: '', out: '' };
  /** Campaigns on the 教育整顿 template: their members owe tasks. */
  const planned = { in: '', out: '', city: '' };
  const templates = { in: '', out: '' };
  const taskKinds = { in: '', out: '' };
  /** Every id that lies in county B (the out-of-scope side). */
  const outsideIds = new Set<string>();

  beforeAll(async () => {
    api = await startApiTestApp();
    worker = await startTestWorker(api.config, api.db.dataSource);
    org = await standardOrganisation(api.db.dataSource);
    for (const role of ROLES) tokens[role] = await api.signIn(org.users[role].username);
    for (const side of ['in', 'out'] as const) {
      const unit = side === 'in' ? org.countyA : org.countyB;
      const res = await api.as(tokens.admin)(
        'POST',
        '/api/v1/campaigns',
        planFactory({ coveredUnitId: unit.id, startInMs: DAY }),
      );
      expect(res.status).toBe(201);
      campaigns[side] = res.body.id;
    }
    for (const side of ['in', 'out', 'city'] as const) {
      const res = await api.as(tokens.admin)('POST', '/api/v1/campaigns', {
        title: '教育整顿',
        templateId: EDUCATION,
        coveredUnitId: { in: org.countyA, out: org.countyB, city: org.city }[side].id,
        startsAt: new Date(Date.now() + DAY).toISOString(),
      });
      expect(res.status).toBe(201);
      planned[side] = res.body.id;
      if (side === 'city') continue;
      const template = await api.as(tokens.admin)('POST', '/api/v1/plan-templates', {
        name: { 'zh-CN': '本局方案', en: 'Our plan' },
        ownerUnitId: (side === 'in' ? org.countyA : org.countyB).id,
        plan: minimalPlan(),
      });
      expect(template.status).toBe(201);
      templates[side] = template.body.id;
      const kind = await api.as(tokens.admin)('POST', '/api/v1/task-kinds', {
        ownerUnitId: (side === 'in' ? org.countyA : org.countyB).id,
        name: { 'zh-CN': '廉政家访', en: 'Integrity home visit' },
        needsEvidence: true,
      });
      expect(kind.status).toBe(201);
      taskKinds[side] = kind.body.id;
    }
    outsideIds
      .add(org.countyB.id)
      .add(org.branchB.id)
      .add(org.personB.id)
      .add(campaigns.out)
      .add(planned.out)
      .add(templates.out)
      .add(taskKinds.out);
    for (const side of ['in', 'out'] as const) {
      const account = await org.factory.account(branchOf(side), [
        { role: 'member', unit: branchOf(side) },
      ]);
      sideMembers[side] = {
        personId: account.person.id,
        token: await api.signIn(account.username),
      };
    }
    // An item of county B: no list in county A may show it.
    outsideIds.add(await newItem('out', org.branchB.id));
    // Someone else's inbox entry: no inbox may list it.
    outsideIds.add(await inboxEntryOf(org.personB.id));
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const f = () => org.factory;
  /** A one-row ledger file over one side's branch. */
  const ledgerFile = (s: 'in' | 'out', key: string) => {
    const form = new FormData();
    const csv = `序号,问题,来源,问题类别,单位\r\n${key},值班记录填写不全。,审计,工作纪律,${branchOf(s).code}`;
    form.append('file', new Blob([csv]), 'ledger.csv');
    return form;
  };
  const imports: Partial<Record<'in' | 'out', string>> = {};
  /** An import of the admin's into one side's planned campaign. */
  const ledgerImport = async (s: 'in' | 'out') => {
    if (!imports[s]) {
      const res = await api.as(tokens.admin)(
        'POST',
        `/api/v1/campaigns/${planned[s]}/ledger/import`,
        ledgerFile(s, `import-${s}`),
      );
      expect(res.status).toBe(200);
      imports[s] = res.body.importId as string;
    }
    return imports[s];
  };
  /** A campaign of the admin's over one side, started a day from now (nothing has happened yet). */
  const freshCampaign = async (s: 'in' | 'out', startInMs = DAY): Promise<string> => {
    const res = await api.as(tokens.admin)(
      'POST',
      '/api/v1/campaigns',
      planFactory({ coveredUnitId: unitOf(s).id, startInMs }),
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const reason = '根据工作需要调整';
  /** The caller's own open task of the city-wide campaign (their unit workflow writes it). */
  const ownTask = async (role: Role, taskKey: string): Promise<string> =>
    eventually(
      async () =>
        (
          await api.db.dataSource.query(
            `SELECT id FROM campaign_tasks WHERE campaign_id = $1 AND person_id = $2 AND task_key = $3 AND status = 'open'`,
            [planned.city, org.users[role].person.id, taskKey],
          )
        )[0]?.id as string | undefined,
      Boolean,
    ) as Promise<string>;
  /** A fresh inbox entry for `personId`; returns its id. */
  const inboxEntryOf = async (personId: string): Promise<string> => {
    const dedupeKey = `access-${crypto.randomUUID()}`;
    const notifications = new NotificationRepository(api.db.dataSource);
    await notifications.enqueue(
      [
        {
          dedupeKey,
          recipientPersonId: personId,
          templateKey: 'holiday_integrity',
          params: { holidayName: '春节', holidayStartsOn: '2027-02-06', campaignTitle: '教育整顿' },
          campaignId: null,
          rehearsal: false,
          channels: ['inbox'],
          urgency: 'reminder',
        },
      ],
      'access-matrix',
    );
    const [row] = await notifications.findByDedupeKey(dedupeKey);
    return row.id;
  };
  /**
   * A decision on the ladder of an item of side `s`, pending at a desk where `personId` sits
   * (written as the item's step writes it: the ladder itself takes campaign weeks to get there).
   */
  const deskDecision = async (s: 'in' | 'out', personId: string): Promise<string> => {
    const itemId = await newItem(s, branchOf(s).id);
    const key = `${itemId}:decision:1`;
    await api.db.dataSource.transaction((tx) =>
      new DecisionRepository(api.db.dataSource).open(
        {
          key,
          itemId,
          campaignId: planned[s],
          unitId: branchOf(s).id,
          deskUnitId: (s === 'in' ? org.countyA : org.countyB).id,
          role: 'supervisor',
          levelsUp: 1,
          deskPersonIds: [personId],
          rung: 'supervision_order',
          step: 0,
          steps: 1,
          reason: 'overdue',
          openedAt: Date.now(),
          decideBy: Date.now() + 3 * DAY,
          previousKey: null,
          candidates: [],
          rehearsal: false,
        },
        tx,
      ),
    );
    if (s === 'out') outsideIds.add(itemId);
    const [{ id }] = await api.db.dataSource.query(
      'SELECT id FROM ladder_decisions WHERE key = $1',
      [key],
    );
    return id as string;
  };
  /** A task kind of the admin's owned by one side's county (fresh: retiring it is once only). */
  const freshTaskKind = async (s: 'in' | 'out'): Promise<string> => {
    const res = await api.as(tokens.admin)('POST', '/api/v1/task-kinds', {
      ownerUnitId: unitOf(s).id,
      name: { 'zh-CN': '主题党日', en: 'Party day' },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const unitOf = (side: 'in' | 'out') => (side === 'in' ? org.countyA : org.countyB);
  const branchOf = (side: 'in' | 'out') => (side === 'in' ? org.branchA : org.branchB);
  const personOf = (side: 'in' | 'out') => (side === 'in' ? org.personA : org.personB);

  // ---- the ledger: items of the planned campaigns, assigned to people who can sign in ------
  /** A member on each side with a sign-in, to be the responsible person of items. */
  const sideMembers = {} as Record<'in' | 'out', { personId: string; token: string }>;
  const admin = () => api.as(tokens.admin);
  const newItem = async (s: 'in' | 'out' | 'city', unitId: string): Promise<string> => {
    const res = await admin()('POST', '/api/v1/items', {
      campaignId: planned[s],
      unitId,
      personIds: [],
      description: '个别民警工作纪律松弛。',
      source: 'inspection',
      category: 'discipline_work',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const assignment = (leaderId: string, unitId: string, personId: string) => ({
    responsibleLeaderId: leaderId,
    responsibleUnitId: unitId,
    responsiblePersonId: personId,
    deadlineWorkingDays: 20,
    acceptanceStandard: '连续一个月抽查无违规。',
    expectedEffect: '工作纪律明显好转。',
    measures: '每周抽查在岗情况。',
    mode: 'by_deadline',
  });
  /** An item of side `s` assigned to that side's member; optionally submitted by them. */
  const assignedItem = async (
    s: 'in' | 'out',
    then?: 'submit' | 'extension' | 'long_term' | 'closed',
  ) => {
    const id = await newItem(s, branchOf(s).id);
    const { personId, token } = sideMembers[s];
    const res = await admin()('POST', `/api/v1/items/${id}/assign`, {
      ...assignment(personOf(s).id, branchOf(s).id, personId),
      ...(then === 'long_term' ? { mode: 'long_term' } : {}),
    });
    expect(res.status).toBe(200);
    const as = api.as(token);
    if (then === 'closed') {
      // Closed by an inspector of the side's own, so that any caller may look back at it.
      expect((await as('POST', `/api/v1/items/${id}/submit`, { text: '整改完成。' })).status).toBe(
        200,
      );
      const verifier = await org.factory.account(unitOf(s), [
        { role: 'inspector', unit: unitOf(s) },
      ]);
      const verify = api.as(await api.signIn(verifier.username));
      expect(
        (await verify('POST', `/api/v1/items/${id}/verify`, { decision: 'close' })).status,
      ).toBe(200);
    }
    if (then === 'submit')
      expect((await as('POST', `/api/v1/items/${id}/submit`, { text: '整改完成。' })).status).toBe(
        200,
      );
    let extensionId = '';
    if (then === 'extension') {
      const asked = await as('POST', `/api/v1/items/${id}/extensions`, {
        newDeadline: dayAhead(90),
        reason: '需协调上级部门。',
      });
      expect(asked.status).toBe(201);
      extensionId = asked.body.extensions[0].id;
    }
    return { id, extensionId };
  };
  /** The caller's own item (they are its responsible person), in the city-wide campaign. */
  const ownItem = async (role: Role): Promise<string> => {
    const person = org.users[role].person;
    const id = await newItem('city', person.unitId);
    const res = await admin()(
      'POST',
      `/api/v1/items/${id}/assign`,
      assignment(org.personA.id, person.unitId, person.id),
    );
    expect(res.status).toBe(200);
    return id;
  };

  // ---- self-check and intake ---------------------------------------------------------------
  const sixAnswers = (campaignId: string) => ({
    campaignId,
    items: [1, 2, 3, 4, 5, 6].map((item) => ({ item, nothingToReport: true })),
  });
  /** Makes the role's person a leader (who owes the six clarifications) in the city campaign. */
  const asLeader = async (role: Role) => {
    await api.db.dataSource.query('UPDATE people SET is_leader = true WHERE id = $1', [
      org.users[role].person.id,
    ]);
  };
  /** The caller's own statement in the city-wide campaign. */
  const ownStatement = async (role: Role): Promise<string> => {
    await asLeader(role);
    const res = await api.as(tokens[role])('POST', '/api/v1/statements', sixAnswers(planned.city));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const problemBody = (s: 'in' | 'out') => ({
    campaignId: planned[s],
    personId: personOf(s).id,
    channel: 'inspection',
    category: 'discipline_work',
    description: '巡察反馈：值班记录填写不全。',
  });
  const problemOf = async (s: 'in' | 'out'): Promise<string> => {
    const res = await admin()('POST', '/api/v1/problems', problemBody(s));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  // ---- tip-offs ----------------------------------------------------------------------------
  /** A fresh anonymous tip-off about one side's branch, sent through the public route. */
  const tipOffOf = async (s: 'in' | 'out'): Promise<string> => {
    const res = await api.request('POST', '/api/v1/tip-offs', {
      unitId: branchOf(s).id,
      subjectName: '值班民警',
      category: 'discipline_work',
      text: '反映值班民警夜间多次脱岗，值班电话无人接听。',
      anonymous: true,
    });
    expect(res.status).toBe(201);
    const [row] = await api.db.dataSource.query('SELECT id FROM tip_offs WHERE receipt_code = $1', [
      res.body.receiptCode,
    ]);
    return row.id as string;
  };
  /** One tip-off per side for the routes that change nothing (sent once: argon2 costs). */
  const sharedTipOffs: Partial<Record<'in' | 'out', Promise<string>>> = {};
  const sharedTipOff = (s: 'in' | 'out') => (sharedTipOffs[s] ??= tipOffOf(s));
  /** A tip-off to close or triage: fresh for the roles that may (once each), shared for the rest (403 first). */
  const tipOffToHandle = (s: 'in' | 'out', role: Role) =>
    role === 'admin' || (POLICIES['tipoffs.triage'] as readonly Role[]).includes(role)
      ? tipOffOf(s)
      : sharedTipOff(s);

  const cases: RouteCase[] = [
    {
      method: 'GET',
      route: '/api/v1/units',
      policy: 'units.read',
      aim: async () => ({ path: '/api/v1/units' }),
      listIds: (body) => {
        const ids: string[] = [];
        const walk = (nodes: any[]) => nodes.forEach((n) => (ids.push(n.id), walk(n.children)));
        walk(body);
        return ids;
      },
    },
    {
      method: 'GET',
      route: '/api/v1/units/:id',
      policy: 'units.read',
      aim: async (s) => ({ path: `/api/v1/units/${branchOf(s).id}` }),
    },
    {
      method: 'GET',
      route: '/api/v1/units/:id/responsible',
      policy: 'units.read',
      aim: async (s) => ({
        path: `/api/v1/units/${branchOf(s).id}/responsible?area=${encodeURIComponent('队伍管理')}`,
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/units',
      policy: 'units.write',
      aim: async (s) => ({
        path: '/api/v1/units',
        body: {
          code: `NEW-${Math.random().toString(36).slice(2, 10)}`,
          name: '新设科室',
          kind: 'department',
          parentId: unitOf(s).id,
        },
      }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/units/:id',
      policy: 'units.write',
      aim: async (s) => ({
        path: `/api/v1/units/${(await f().unit(unitOf(s))).id}`,
        body: { name: '更名后的科室' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/units/:id/move',
      policy: 'units.write',
      aim: async (s) => ({
        path: `/api/v1/units/${(await f().unit(unitOf(s))).id}/move`,
        body: { parentId: branchOf(s).id },
      }),
    },
    {
      method: 'PUT',
      route: '/api/v1/units/:id/leadership',
      policy: 'units.write',
      aim: async (s) => ({
        path: `/api/v1/units/${(await f().unit(unitOf(s))).id}/leadership`,
        body: {
          firstResponsiblePersonId: personOf(s).id,
          committee: [{ personId: personOf(s).id, areas: ['纪检监察'] }],
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/people',
      policy: 'people.read',
      aim: async () => ({ path: '/api/v1/people?pageSize=200' }),
      listIds: (body) => body.items.map((p: any) => p.id),
    },
    {
      method: 'GET',
      route: '/api/v1/people/:id',
      policy: 'people.read',
      aim: async (s) => ({ path: `/api/v1/people/${personOf(s).id}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/people',
      policy: 'people.write',
      aim: async (s) => ({
        path: '/api/v1/people',
        body: {
          staffNumber: `S${Math.random().toString(36).slice(2, 10)}`,
          name: '赵敏',
          unitId: branchOf(s).id,
          position: '民警',
          isLeader: false,
          isKeyPerson: true,
          keyPersonReasons: ['money'],
        },
      }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/people/:id',
      policy: 'people.write',
      aim: async (s) => ({
        path: `/api/v1/people/${(await f().person(branchOf(s))).id}`,
        body: { position: '副所长' },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/grants',
      policy: 'grants.read',
      aim: async () => ({ path: '/api/v1/grants' }),
      listIds: (body) => body.map((g: any) => g.unitId),
    },
    {
      method: 'POST',
      route: '/api/v1/grants',
      policy: 'grants.write',
      aim: async (s) => ({
        path: '/api/v1/grants',
        body: {
          personId: (await f().person(branchOf(s))).id,
          role: 'supervisor',
          unitId: branchOf(s).id,
        },
      }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/grants/:id',
      policy: 'grants.write',
      aim: async (s) => {
        const person = await f().person(branchOf(s));
        const grant = await f().org.grant(person.id, 'member', branchOf(s).id, null);
        return { path: `/api/v1/grants/${grant.id}` };
      },
    },
    {
      method: 'GET',
      route: '/api/v1/me',
      policy: 'authenticated',
      aim: async () => ({ path: '/api/v1/me' }),
    },
    {
      method: 'GET',
      route: '/api/v1/me/notifications',
      policy: 'authenticated',
      aim: async () => ({ path: '/api/v1/me/notifications' }),
      // Own rows only: nobody's inbox lists another person's entries.
      listIds: (body) => body.items.map((n: any) => n.id),
    },
    {
      method: 'POST',
      route: '/api/v1/me/notifications/:id/read',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_, role) => ({
        path: `/api/v1/me/notifications/${await inboxEntryOf(org.users[role].person.id)}/read`,
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/me/notifications/read-all',
      policy: 'authenticated',
      unscoped: true,
      aim: async () => ({ path: '/api/v1/me/notifications/read-all' }),
    },
    {
      method: 'GET',
      route: '/api/v1/me/notification-preferences',
      policy: 'authenticated',
      unscoped: true,
      aim: async () => ({ path: '/api/v1/me/notification-preferences' }),
    },
    {
      method: 'PUT',
      route: '/api/v1/me/notification-preferences',
      policy: 'authenticated',
      unscoped: true,
      aim: async () => ({
        path: '/api/v1/me/notification-preferences',
        body: { language: 'zh-CN', reminderDelivery: 'daily_digest' },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/import/template',
      policy: 'import.run',
      unscoped: true,
      aim: async () => ({ path: '/api/v1/import/template?format=csv&sheet=units' }),
    },
    {
      method: 'POST',
      route: '/api/v1/import',
      policy: 'import.run',
      outStatus: 422,
      aim: async (s) => {
        // A dry run adding one department under county A (inside) or county B (outside).
        const code = `IMP-${Math.random().toString(36).slice(2, 8)}`;
        const csv =
          '单位编码 Unit code,单位名称 Unit name,单位类型 Unit kind,上级单位编码 Parent unit code\n' +
          `${code},导入科室,科室,${unitOf(s).code}\n`;
        const form = new FormData();
        form.append('file', new Blob([csv], { type: 'text/csv' }), 'units.csv');
        return { path: '/api/v1/import?dryRun=true&sheet=units', body: form };
      },
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns',
      policy: 'campaigns.read',
      aim: async () => ({ path: '/api/v1/campaigns?pageSize=100' }),
      listIds: (body) => body.items.map((c: any) => c.id),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id',
      policy: 'campaigns.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${campaigns[s]}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns',
      policy: 'campaigns.write',
      aim: async (s) => ({
        path: '/api/v1/campaigns',
        body: planFactory({ coveredUnitId: unitOf(s).id, startInMs: DAY }),
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/advance',
      policy: 'campaigns.write',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${await freshCampaign(s)}/advance`,
        body: { fromPhase: null, reason },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/extend',
      policy: 'campaigns.write',
      aim: async (s) => {
        const id = await freshCampaign(s, 0);
        const open = await eventually(
          async () => (await api.as(tokens.admin)('GET', `/api/v1/campaigns/${id}`)).body,
          (b) => b.live?.currentPhase?.code === 'study',
        );
        const until = new Date(Date.parse(open.phases[0].endsAt) + DAY).toISOString();
        return { path: `/api/v1/campaigns/${id}/extend`, body: { phase: 'study', until, reason } };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/pause',
      policy: 'campaigns.write',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${await freshCampaign(s)}/pause`,
        body: { reason },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/resume',
      policy: 'campaigns.write',
      aim: async (s) => {
        const id = await freshCampaign(s);
        expect(
          (await api.as(tokens.admin)('POST', `/api/v1/campaigns/${id}/pause`, { reason })).status,
        ).toBe(200);
        return { path: `/api/v1/campaigns/${id}/resume`, body: { reason } };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/cancel',
      policy: 'campaigns.write',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${await freshCampaign(s)}/cancel`,
        body: { reason },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/units',
      policy: 'campaigns.write',
      aim: async (s) => {
        const id = await freshCampaign(s);
        const unit = await f().unit(unitOf(s), 'party_branch');
        return { path: `/api/v1/campaigns/${id}/units`, body: { unitIds: [unit.id], reason } };
      },
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/progress',
      policy: 'campaigns.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/progress` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/events',
      policy: 'campaigns.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/events` }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/attendance',
      policy: 'tasks.record',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${planned[s]}/attendance`,
        body: {
          taskKey: 'study-session',
          unitId: branchOf(s).id,
          personIds: [personOf(s).id],
          heldAt: new Date().toISOString(),
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/plan-templates',
      policy: 'plans.read',
      aim: async () => ({ path: '/api/v1/plan-templates' }),
      listIds: (body) => body.items.map((t: any) => t.id),
    },
    {
      method: 'GET',
      route: '/api/v1/plan-templates/:id',
      policy: 'plans.read',
      aim: async (s) => ({ path: `/api/v1/plan-templates/${templates[s]}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/plan-templates',
      policy: 'plans.write',
      aim: async (s) => ({
        path: '/api/v1/plan-templates',
        body: {
          name: { 'zh-CN': '修订方案', en: 'Revised plan' },
          ownerUnitId: unitOf(s).id,
          plan: minimalPlan(),
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/task-kinds',
      policy: 'taskKinds.read',
      aim: async () => ({ path: '/api/v1/task-kinds' }),
      listIds: (body) => body.items.map((k: any) => k.id),
    },
    {
      method: 'POST',
      route: '/api/v1/task-kinds',
      policy: 'taskKinds.write',
      aim: async (s) => ({
        path: '/api/v1/task-kinds',
        body: {
          ownerUnitId: unitOf(s).id,
          name: { 'zh-CN': '主题党日', en: 'Party day' },
          needsAttendance: true,
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/task-kinds/:id',
      policy: 'taskKinds.read',
      aim: async (s) => ({ path: `/api/v1/task-kinds/${taskKinds[s]}` }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/task-kinds/:id',
      policy: 'taskKinds.write',
      aim: async (s) => ({
        path: `/api/v1/task-kinds/${taskKinds[s]}`,
        body: { name: { 'zh-CN': '廉政家访', en: 'Integrity home visit' } },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/task-kinds/:id/retire',
      policy: 'taskKinds.write',
      aim: async (s) => ({
        path: `/api/v1/task-kinds/${await freshTaskKind(s)}/retire`,
        body: { reason: '不再单列此项活动' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/plans/forecast',
      policy: 'campaigns.write',
      aim: async (s) => ({
        path: '/api/v1/plans/forecast',
        body: {
          templateId: EDUCATION,
          coveredUnitId: unitOf(s).id,
          startsAt: new Date(Date.now() + DAY).toISOString(),
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/me/tasks',
      policy: 'authenticated',
      aim: async () => ({ path: '/api/v1/me/tasks' }),
      listIds: (body) => body.items.map((t: any) => t.campaignId),
    },
    {
      // Someone else's task answers 404 (tasks.integration-spec); here: each role reads its own.
      method: 'GET',
      route: '/api/v1/tasks/:id',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({ path: `/api/v1/tasks/${await ownTask(role, 'reflection')}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/tasks/:id/complete',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({
        path: `/api/v1/tasks/${await ownTask(role, 'reflection')}/complete`,
        body: { text: '通过学习，进一步增强了纪律意识。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items',
      policy: 'items.register',
      aim: async (s) => ({
        path: '/api/v1/items',
        body: {
          campaignId: planned[s],
          unitId: branchOf(s).id,
          personIds: [personOf(s).id],
          description: '个别民警上班时间玩手机。',
          source: 'self_check',
          category: 'discipline_work',
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/items',
      policy: 'items.read',
      aim: async () => ({ path: '/api/v1/items?pageSize=200' }),
      listIds: (body) => body.items.flatMap((i: any) => [i.id, i.unitId]),
    },
    {
      method: 'GET',
      route: '/api/v1/me/items',
      policy: 'authenticated',
      aim: async () => ({ path: '/api/v1/me/items' }),
      listIds: (body) => body.items.map((i: any) => i.id),
    },
    {
      // Someone else's item answers 404 (ledger.integration-spec); here: each role reads its own.
      method: 'GET',
      route: '/api/v1/items/:id',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({ path: `/api/v1/items/${await ownItem(role)}` }),
    },
    {
      method: 'GET',
      route: '/api/v1/items/:id/timeline',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({ path: `/api/v1/items/${await ownItem(role)}/timeline` }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/assign',
      policy: 'items.register',
      aim: async (s) => ({
        path: `/api/v1/items/${await newItem(s, branchOf(s).id)}/assign`,
        body: assignment(personOf(s).id, branchOf(s).id, personOf(s).id),
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/progress',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({
        path: `/api/v1/items/${await ownItem(role)}/progress`,
        body: { text: '已开展专项教育。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/submit',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({
        path: `/api/v1/items/${await ownItem(role)}/submit`,
        body: { text: '整改完成。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/extensions',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({
        path: `/api/v1/items/${await ownItem(role)}/extensions`,
        body: { newDeadline: dayAhead(90), reason: '需协调上级部门。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/verify',
      policy: 'items.verify',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s, 'submit')).id}/verify`,
        body: { decision: 'close' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/task-force-check',
      policy: 'items.check',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s, 'submit')).id}/task-force-check`,
        body: { decision: 'close' },
      }),
      // Past access: the 教育整顿 plan has the inspectors close items (422 closed_by_inspectors).
      inStatus: 422,
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/extensions/:eid/decision',
      policy: 'items.verify',
      aim: async (s) => {
        const { id, extensionId } = await assignedItem(s, 'extension');
        return {
          path: `/api/v1/items/${id}/extensions/${extensionId}/decision`,
          body: { decision: 'refuse', reason: '理由不充分。' },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/retry',
      policy: 'items.retry',
      aim: async (s) => {
        // Parked as a worker marks it when a step fails for good (its workflow ignores the retry).
        const { id } = await assignedItem(s);
        await api.db.dataSource.query(
          `UPDATE ledger_items SET parked_at = now(), parked_reason = 'BadData' WHERE id = $1`,
          [id],
        );
        return { path: `/api/v1/items/${id}/retry` };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/supervision',
      policy: 'items.register',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s)).id}/supervision`,
        body: { supervisingLeaderId: personOf(s).id },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/talks',
      policy: 'items.talk',
      inStatus: 409,
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s)).id}/talks`,
        body: { heldOn: '2026-05-12', attendeeIds: [personOf(s).id], outcome: '责令限期整改。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/repeat-offences',
      policy: 'items.verify',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s)).id}/repeat-offences`,
        body: { note: '同类问题再次出现。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/reviews',
      policy: 'items.verify',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s, 'long_term')).id}/reviews`,
        body: { outcome: 'on_track', note: '按计划推进。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/look-back',
      policy: 'items.verify',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s, 'closed')).id}/look-back`,
        body: { outcome: 'confirmed', note: '未见反弹。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/spot-checks',
      policy: 'items.supervise',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s, 'closed')).id}/spot-checks`,
        body: { outcome: 'upheld', note: '抽查台账和现场，整改属实。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/items/:id/summary',
      policy: 'items.register',
      aim: async (s) => ({
        path: `/api/v1/items/${(await assignedItem(s, 'closed')).id}/summary`,
        body: { text: '值班制度执行不严，检查流于形式。', loopholeTag: '值班制度' },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/ledger/units',
      policy: 'items.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/ledger/units` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/ledger.xlsx',
      policy: 'items.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/ledger.xlsx` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/dispatches',
      policy: 'cadence.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/dispatches` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/bulletins',
      policy: 'cadence.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/bulletins` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/analyses',
      policy: 'cadence.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/analyses` }),
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/ledger/import',
      policy: 'items.register',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${planned[s]}/ledger/import?dryRun=true`,
        body: ledgerFile(s, `dry-${s}`),
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/ledger/imports/:importId',
      policy: 'items.register',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${planned[s]}/ledger/imports/${await ledgerImport(s)}`,
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/accountability',
      policy: 'accountability.read',
      aim: async () => ({ path: '/api/v1/accountability?pageSize=200' }),
      listIds: (body) => body.entries.flatMap((e: any) => [e.itemId, e.unitId]),
    },
    {
      method: 'GET',
      route: '/api/v1/me/decisions',
      policy: 'authenticated',
      aim: async () => ({ path: '/api/v1/me/decisions?pageSize=200' }),
      // The caller's own desks only.
      listIds: (body) => body.items.flatMap((d: any) => [d.itemId, d.unitId]),
    },
    {
      method: 'GET',
      route: '/api/v1/decisions',
      policy: 'decisions.read',
      aim: async () => ({ path: '/api/v1/decisions?pageSize=200' }),
      listIds: (body) => body.items.flatMap((d: any) => [d.itemId, d.unitId]),
    },
    {
      // Another desk's decision: 404 outside the caller's scope, 403 inside (decisions spec).
      method: 'GET',
      route: '/api/v1/decisions/:id',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({
        path: `/api/v1/decisions/${await deskDecision('in', org.users[role].person.id)}`,
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/decisions/:id',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({
        path: `/api/v1/decisions/${await deskDecision('in', org.users[role].person.id)}`,
        body: { decision: 'decline', reason: '经研究，暂不实施。' },
      }),
      // Past access, the item's workflow does not know a row written by hand: 409.
      inStatus: 409,
    },
    {
      method: 'GET',
      route: '/api/v1/calendar/:year',
      policy: 'calendar.read',
      unscoped: true,
      aim: async () => ({ path: '/api/v1/calendar/2026' }),
    },
    {
      method: 'PUT',
      route: '/api/v1/calendar/:year',
      policy: 'calendar.write',
      unscoped: true,
      aim: async () => ({
        path: '/api/v1/calendar/2099',
        body: {
          holidays: [{ date: '2099-01-01', holiday: 'new_year' }],
          makeupWorkdays: [{ date: '2099-01-03', holiday: 'new_year' }],
        },
      }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/calendar/:year',
      policy: 'calendar.write',
      unscoped: true,
      aim: async () => {
        const res = await api.as(tokens.admin)('PUT', '/api/v1/calendar/2098', {
          holidays: [{ date: '2098-01-01', holiday: 'new_year' }],
          makeupWorkdays: [],
        });
        expect(res.status).toBe(200);
        return { path: '/api/v1/calendar/2098' };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/statements',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => {
        await asLeader(role);
        return { path: '/api/v1/statements', body: sixAnswers(planned.city) };
      },
    },
    {
      // Someone else's statement answers 404 (intake.integration-spec); here: each reads its own.
      method: 'GET',
      route: '/api/v1/statements/:id',
      policy: 'authenticated',
      unscoped: true,
      aim: async (_s, role) => ({ path: `/api/v1/statements/${await ownStatement(role)}` }),
    },
    {
      method: 'GET',
      route: '/api/v1/me/statements',
      policy: 'authenticated',
      unscoped: true,
      aim: async () => ({ path: `/api/v1/me/statements?campaignId=${planned.city}` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/statements',
      policy: 'statements.status',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/statements` }),
    },
    {
      method: 'POST',
      route: '/api/v1/problems',
      policy: 'problems.register',
      aim: async (s) => ({ path: '/api/v1/problems', body: problemBody(s) }),
    },
    {
      method: 'GET',
      route: '/api/v1/problems/:id',
      policy: 'problems.read',
      aim: async (s) => ({ path: `/api/v1/problems/${await problemOf(s)}` }),
    },
    {
      // What people below the caller's units did: an inspector's own reads are seen from above.
      method: 'GET',
      route: '/api/v1/audit',
      policy: 'audit.read',
      unscoped: true,
      aim: async () => ({ path: '/api/v1/audit' }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/unit-tasks',
      policy: 'tasks.record',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/unit-tasks` }),
    },
    // ---- consolidation and assessment (D6, D8): rule-making tasks, summaries, 考核 ----------
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/rule-tasks',
      policy: 'rules.read',
      aim: async (s) => {
        await ruleTask(s);
        return { path: `/api/v1/campaigns/${planned[s]}/rule-tasks?pageSize=200` };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/campaigns/:id/rule-tasks',
      policy: 'rules.write',
      aim: async (s) => ({
        path: `/api/v1/campaigns/${planned[s]}/rule-tasks`,
        body: { unitId: branchOf(s).id, kind: 'establish', title: '建立值班抽查制度' },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/rule-tasks/:id',
      policy: 'rules.read',
      aim: async (s) => ({ path: `/api/v1/rule-tasks/${await ruleTask(s)}` }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/rule-tasks/:id',
      policy: 'rules.write',
      aim: async (s) => ({
        path: `/api/v1/rule-tasks/${await ruleTask(s)}`,
        body: { kind: 'amend', title: '修订《值班备勤管理规定》' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/rule-tasks/:id/assign',
      policy: 'rules.write',
      aim: async (s) => ({
        path: `/api/v1/rule-tasks/${await ruleTask(s, true)}/assign`,
        body: {
          ...assignment(personOf(s).id, branchOf(s).id, sideMembers[s].personId),
          category: 'discipline_work',
        },
      }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/phase-summaries',
      policy: 'assessment.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/phase-summaries` }),
    },
    {
      method: 'GET',
      route: '/api/v1/campaigns/:id/assessment',
      policy: 'assessment.read',
      aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/assessment` }),
    },
    {
      method: 'GET',
      route: '/api/v1/year-end/:year',
      policy: 'assessment.read',
      aim: async () => ({ path: `/api/v1/year-end/${thisYear()}` }),
      listIds: (body) =>
        [...body.commended, ...body.failed, ...body.withViolationCases].map((u) => u.unitId),
    },
    {
      method: 'GET',
      route: '/api/v1/statistics/:year',
      policy: 'assessment.read',
      unscoped: true,
      aim: async () => ({ path: `/api/v1/statistics/${thisYear()}` }),
    },
    // ---- tip-offs (the reporter's routes are public: tip-offs.integration-spec) -------------
    {
      method: 'GET',
      route: '/api/v1/tip-offs',
      policy: 'tipoffs.read',
      aim: async () => {
        outsideIds.add(await sharedTipOff('out'));
        return { path: '/api/v1/tip-offs?pageSize=200' };
      },
      listIds: (body) => body.items.flatMap((t: any) => [t.id, t.unit.id]),
    },
    {
      method: 'GET',
      route: '/api/v1/tip-offs/:id',
      policy: 'tipoffs.read',
      aim: async (s) => ({ path: `/api/v1/tip-offs/${await sharedTipOff(s)}` }),
    },
    {
      method: 'GET',
      route: '/api/v1/tip-offs/:id/reporter',
      policy: 'tipoffs.read',
      aim: async (s) => ({ path: `/api/v1/tip-offs/${await sharedTipOff(s)}/reporter` }),
    },
    {
      method: 'POST',
      route: '/api/v1/tip-offs/:id/answers',
      policy: 'tipoffs.triage',
      aim: async (s) => ({
        path: `/api/v1/tip-offs/${await sharedTipOff(s)}/answers`,
        body: { text: '您反映的问题已收悉。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/tip-offs/:id/not-pursued',
      policy: 'tipoffs.triage',
      aim: async (s, role) => ({
        path: `/api/v1/tip-offs/${await tipOffToHandle(s, role)}/not-pursued`,
        body: { reason: '查无实据。' },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/tip-offs/:id/triage',
      policy: 'tipoffs.triage',
      aim: async (s, role) => ({
        path: `/api/v1/tip-offs/${await tipOffToHandle(s, role)}/triage`,
        body: {
          campaignId: planned[s],
          personId: personOf(s).id,
          category: 'discipline_work',
          description: '夜间值班脱岗，违反工作纪律。',
        },
      }),
    },
    // ---- findings and clue handling: checklists, portraits, life meetings, flags, dispositions,
    // report back, integrity files (helpers inside, so the block stands alone) -----------------
    ...((): RouteCase[] => {
      const categories = [
        'discipline_political',
        'discipline_organisational',
        'discipline_integrity',
        'discipline_mass',
        'discipline_work',
        'discipline_life',
        'style_thinking',
        'style_study',
        'style_work',
        'style_leadership',
        'style_life',
      ];
      const entries = () =>
        categories.map((category) =>
          category === 'discipline_work'
            ? { category, outcome: 'finding', description: '上班时间玩手机。' }
            : { category, outcome: 'no_problem' },
        );
      const finding = (s: 'in' | 'out') => ({
        personId: personOf(s).id,
        category: 'style_work',
        description: '工作标准不高。',
      });
      const heldOn = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
      const meetingBody = (s: 'in' | 'out') => ({
        unitId: branchOf(s).id,
        kind: 'organisational_life',
        heldOn,
        title: '专题组织生活会',
      });
      const meetingOf = async (s: 'in' | 'out'): Promise<string> => {
        const res = await admin()(
          'POST',
          `/api/v1/campaigns/${planned[s]}/life-meetings`,
          meetingBody(s),
        );
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      /** An open concealment flag on a fresh problem of side `s` (written directly: no statement needed). */
      const flagOf = async (s: 'in' | 'out'): Promise<string> => {
        const problemId = await problemOf(s);
        const id = crypto.randomUUID();
        await api.db.dataSource.query(
          `INSERT INTO concealment_flags (id, problem_id, campaign_id, person_id, unit_id,
             clarification_item, statement_id, status, raised_at)
           SELECT $1, p.id, p.campaign_id, p.person_id, p.unit_id, 5, $2, 'open', now()
             FROM problems p WHERE p.id = $3`,
          [id, crypto.randomUUID(), problemId],
        );
        return id;
      };
      /** A general problem the city found about side `s`'s person: handed down. */
      const handedDownOf = async (s: 'in' | 'out'): Promise<string> => {
        const res = await admin()('POST', '/api/v1/problems', {
          ...problemBody(s),
          channel: 'cross_visit',
          sourceRound: 1,
          foundByUnitId: org.city.id,
        });
        expect([res.status, res.body.handling?.code]).toEqual([201, 'handed_down']);
        return res.body.id as string;
      };
      return [
        {
          method: 'POST',
          route: '/api/v1/me/checklists',
          policy: 'authenticated',
          unscoped: true,
          aim: async () => ({
            path: '/api/v1/me/checklists',
            body: { campaignId: planned.city, entries: entries() },
          }),
        },
        {
          method: 'GET',
          route: '/api/v1/me/checklists',
          policy: 'authenticated',
          unscoped: true,
          aim: async () => ({ path: `/api/v1/me/checklists?campaignId=${planned.city}` }),
        },
        {
          method: 'POST',
          route: '/api/v1/campaigns/:id/checklists',
          policy: 'findings.record',
          aim: async (s) => ({
            path: `/api/v1/campaigns/${planned[s]}/checklists`,
            body: { personId: (await f().person(branchOf(s))).id, entries: entries() },
          }),
        },
        {
          method: 'GET',
          route: '/api/v1/campaigns/:id/checklists/:personId',
          policy: 'problems.read',
          aim: async (s) => ({
            path: `/api/v1/campaigns/${planned[s]}/checklists/${personOf(s).id}`,
          }),
        },
        {
          method: 'POST',
          route: '/api/v1/campaigns/:id/portraits',
          policy: 'findings.record',
          aim: async (s) => ({
            path: `/api/v1/campaigns/${planned[s]}/portraits`,
            body: { branchId: branchOf(s).id, findings: [{ ...finding(s), source: 'peers' }] },
          }),
        },
        {
          method: 'GET',
          route: '/api/v1/campaigns/:id/portraits',
          policy: 'problems.read',
          aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/portraits` }),
        },
        {
          method: 'POST',
          route: '/api/v1/campaigns/:id/life-meetings',
          policy: 'findings.record',
          aim: async (s) => ({
            path: `/api/v1/campaigns/${planned[s]}/life-meetings`,
            body: { ...meetingBody(s), problems: [finding(s)] },
          }),
        },
        {
          method: 'GET',
          route: '/api/v1/campaigns/:id/life-meetings',
          policy: 'problems.read',
          aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/life-meetings` }),
        },
        {
          method: 'GET',
          route: '/api/v1/life-meetings/:id',
          policy: 'problems.read',
          aim: async (s) => ({ path: `/api/v1/life-meetings/${await meetingOf(s)}` }),
        },
        {
          method: 'POST',
          route: '/api/v1/life-meetings/:id/problems',
          policy: 'findings.record',
          aim: async (s) => ({
            path: `/api/v1/life-meetings/${await meetingOf(s)}/problems`,
            body: { problems: [finding(s)] },
          }),
        },
        {
          method: 'GET',
          route: '/api/v1/problems',
          policy: 'problems.read',
          aim: async () => ({ path: '/api/v1/problems?pageSize=200' }),
          listIds: (body) => body.items.flatMap((p: any) => [p.id, p.unitId, p.personId]),
        },
        {
          method: 'GET',
          route: '/api/v1/concealment-flags',
          policy: 'clues.handle',
          aim: async () => ({ path: '/api/v1/concealment-flags?pageSize=200' }),
          listIds: (body) => body.items.flatMap((g: any) => [g.unitId, g.personId]),
        },
        {
          method: 'POST',
          route: '/api/v1/concealment-flags/:id/decision',
          policy: 'clues.handle',
          aim: async (s) => ({
            path: `/api/v1/concealment-flags/${await flagOf(s)}/decision`,
            body: { decision: 'dismiss', reason: '经核实，已如实说明。' },
          }),
        },
        {
          method: 'PUT',
          route: '/api/v1/problems/:id/clarification',
          policy: 'clues.handle',
          aim: async (s) => ({
            path: `/api/v1/problems/${await problemOf(s)}/clarification`,
            body: { clarificationItem: 5, reason: '属八小时以外交往。' },
          }),
        },
        {
          method: 'POST',
          route: '/api/v1/problems/:id/dispositions',
          policy: 'clues.handle',
          aim: async (s) => ({
            path: `/api/v1/problems/${await problemOf(s)}/dispositions`,
            body: { form: 1, measure: 'admonishment_talk', reason: '情节较轻。' },
          }),
        },
        {
          method: 'POST',
          route: '/api/v1/problems/:id/report-back',
          policy: 'problems.report',
          aim: async (s) => ({
            path: `/api/v1/problems/${await handedDownOf(s)}/report-back`,
            body: { result: '已整改。', handling: '批评教育。' },
          }),
        },
        {
          method: 'GET',
          route: '/api/v1/campaigns/:id/disposition-counts',
          policy: 'clues.statistics',
          aim: async (s) => ({ path: `/api/v1/campaigns/${planned[s]}/disposition-counts` }),
        },
        {
          method: 'GET',
          route: '/api/v1/people/:id/integrity-file',
          policy: 'integrity.read',
          aim: async (s) => ({ path: `/api/v1/people/${personOf(s).id}/integrity-file` }),
        },
      ];
    })(),
  ];

  // Helpers of the consolidation cases above (called when the cases run, after this line).
  /** A proposed rule-making task of the admin's in one side's planned campaign (fresh: one per call). */
  const ruleTasks: Partial<Record<'in' | 'out', string>> = {};
  const ruleTask = async (s: 'in' | 'out', fresh = false): Promise<string> => {
    if (!fresh && ruleTasks[s]) return ruleTasks[s];
    const res = await admin()('POST', `/api/v1/campaigns/${planned[s]}/rule-tasks`, {
      unitId: branchOf(s).id,
      kind: 'establish',
      title: '建立值班抽查制度',
    });
    expect(res.status).toBe(201);
    if (!fresh) ruleTasks[s] = res.body.id as string;
    if (s === 'out') outsideIds.add(res.body.id as string);
    return res.body.id as string;
  };
  /** The year (Asia/Shanghai) the planned campaigns start in. */
  const thisYear = () => new Date(Date.now() + DAY + 8 * 3_600_000).getUTCFullYear();

  it('every route declares a policy, and every non-public route is in this matrix', () => {
    const declared: Array<{ route: string; method: string; policy: RoutePolicy | undefined }> = [];
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new () => object) | null;
        if (!controller) continue;
        const base = String(Reflect.getMetadata('path', controller) ?? '');
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || Reflect.getMetadata('method', handler) === undefined)
            continue;
          const sub = String(Reflect.getMetadata('path', handler) ?? '');
          const path = ['', base, sub].join('/').replace(/\/+/g, '/').replace(/\/$/, '');
          declared.push({
            method: methods[Reflect.getMetadata('method', handler) as number],
            route: path === '/health' ? path : `/api/v1${path}`,
            policy:
              Reflect.getMetadata(POLICY_KEY, handler) ??
              Reflect.getMetadata(POLICY_KEY, controller),
          });
        }
      }
    }
    expect(declared.length).toBeGreaterThan(15);
    expect(declared.filter((d) => d.policy === undefined)).toEqual([]);
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    const uncovered = declared
      .filter((d) => d.policy !== 'public')
      .map((d) => `${d.method} ${d.route}`)
      .filter((key) => !covered.has(key));
    expect(uncovered).toEqual([]);
    for (const d of declared) {
      const c = cases.find((x) => x.method === d.method && x.route === d.route);
      if (c) expect(c.policy).toBe(d.policy);
    }
  });

  const allowed = (role: Role, policy: RoutePolicy) =>
    policy === 'authenticated' ||
    policy === 'public' ||
    role === 'admin' ||
    (policy in POLICIES && (POLICIES[policy] as readonly Role[]).includes(role));

  for (const role of ROLES) {
    it(`${role}: 2xx inside its scope, 404 outside (never 2xx), 403 where its role has no say`, async () => {
      const call = api.as(tokens[role]);
      const failures: string[] = [];
      for (const c of cases) {
        for (const side of ['in', 'out'] as const) {
          if ((c.listIds || c.unscoped) && side === 'out') continue;
          const { path, body } = await c.aim(side, role);
          const res = await call(c.method, path, body);
          const label = `${role} ${c.method} ${path} (${side})`;
          if (!allowed(role, c.policy)) {
            if (res.status !== 403) failures.push(`${label}: expected 403, got ${res.status}`);
            continue;
          }
          const expectOk = side === 'in' || role === 'admin' || c.policy === 'authenticated';
          if (expectOk && c.inStatus !== undefined) {
            if (res.status !== c.inStatus)
              failures.push(`${label}: expected ${c.inStatus}, got ${res.status}`);
          } else if (expectOk && (res.status < 200 || res.status > 299)) {
            failures.push(
              `${label}: expected 2xx, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
            );
          }
          const outStatus = c.outStatus ?? 404;
          if (!expectOk && res.status !== outStatus) {
            failures.push(`${label}: expected ${outStatus}, got ${res.status}`);
          }
          if (c.listIds && res.status === 200 && role !== 'admin') {
            const leaked = c.listIds(res.body).filter((id) => outsideIds.has(id));
            if (leaked.length > 0)
              failures.push(`${label}: list shows out-of-scope ids ${leaked.join(',')}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('a city-wide campaign is visible to county staff but only its own office may advance it', async () => {
    const city = await api.as(tokens.admin)(
      'POST',
      '/api/v1/campaigns',
      planFactory({ coveredUnitId: org.city.id, startInMs: DAY }),
    );
    expect(
      (await api.as(tokens.supervisor)('GET', `/api/v1/campaigns/${city.body.id}`)).status,
    ).toBe(200);
    expect(
      (
        await api.as(tokens.office)('POST', `/api/v1/campaigns/${city.body.id}/advance`, {
          fromPhase: null,
          reason: '转段',
        })
      ).status,
    ).toBe(403);
  });

  it('refuses requests without a valid token with 401, before anything else', async () => {
    expect((await api.request('GET', '/api/v1/units')).status).toBe(401);
    expect(
      (
        await api.request('GET', `/api/v1/people/${org.personA.id}`, undefined, {
          authorization: 'Bearer nonsense',
        })
      ).status,
    ).toBe(401);
    expect((await api.request('POST', '/api/v1/campaigns', {})).status).toBe(401);
  });
});

import { CalendarRepository } from '@campaign/persistence';
import { type StandardOrganisation, standardOrganisation } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

type Call = ApiTestApp['request'];
type Res = Awaited<ReturnType<Call>>;

function expectStatus(res: Res, status: number): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
}

type Day = { date: string; holiday: string };
const on = (holiday: string, ...dates: string[]): Day[] => dates.map((date) => ({ date, holiday }));

/** A plausible notice for 2027 (test data: the State Council has not published one). */
function notice2027(): { holidays: Day[]; makeupWorkdays: Day[] } {
  return {
    holidays: [
      ...on('new_year', '2027-01-01', '2027-01-02', '2027-01-03'),
      ...on('spring_festival', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'),
      ...on('spring_festival', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'),
      ...on('qingming', '2027-04-03', '2027-04-04', '2027-04-05'),
      ...on('labour_day', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'),
      ...on('dragon_boat', '2027-06-09'),
      ...on('mid_autumn', '2027-09-15'),
      ...on('national_day', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04'),
      ...on('national_day', '2027-10-05', '2027-10-06', '2027-10-07'),
    ],
    makeupWorkdays: [
      ...on('spring_festival', '2027-01-30', '2027-02-20'),
      ...on('labour_day', '2027-04-25', '2027-05-08'),
      ...on('national_day', '2027-09-26', '2027-10-09'),
    ],
  };
}

describe('working-day calendar API (GET/PUT/DELETE /api/v1/calendar/:year)', () => {
  let api: ApiTestApp;
  let org: StandardOrganisation;
  let admin: Call;
  let office: Call;
  let member: Call;
  let repo: CalendarRepository;

  const rows = () =>
    api.db.dataSource.query<{ year: number; holidays: Day[] }[]>(
      'SELECT year, holidays FROM calendar_years ORDER BY year',
    );

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    admin = api.as(await api.signIn(org.users.admin.username));
    office = api.as(await api.signIn(org.users.office.username));
    member = api.as(await api.signIn(org.users.member.username));
    repo = new CalendarRepository(api.db.dataSource);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('shows 2026 from chinese-days to any role: breaks and make-up days, named in zh-CN', async () => {
    const res = await member('GET', '/api/v1/calendar/2026');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      year: 2026,
      source: 'chinese-days',
      hasData: true,
      inPackage: true,
      missingHolidays: [],
      changedBy: null,
      changedAt: null,
    });
    expect(res.body.holidays.map((h: any) => h.holiday.code)).toEqual([
      'new_year',
      'spring_festival',
      'qingming',
      'labour_day',
      'dragon_boat',
      'mid_autumn',
      'national_day',
    ]);
    expect(res.body.holidays[1]).toEqual({
      holiday: { code: 'spring_festival', label: '春节' },
      firstDay: '2026-02-15',
      lastDay: '2026-02-23',
      dates: [
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
      ],
    });
    expect(res.body.makeupWorkdays).toEqual(
      expect.arrayContaining([
        { date: '2026-02-14', holiday: { code: 'spring_festival', label: '春节' } },
        { date: '2026-02-28', holiday: { code: 'spring_festival', label: '春节' } },
      ]),
    );
  });

  it('names the holidays in English on request', async () => {
    const res = await office('GET', '/api/v1/calendar/2026', undefined, {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expectStatus(res, 200);
    expect(res.body.holidays.map((h: any) => h.holiday.label)).toEqual([
      "New Year's Day",
      'Spring Festival',
      'Qingming Festival',
      'Labour Day',
      'Dragon Boat Festival',
      'Mid-Autumn Festival',
      'National Day',
    ]);
  });

  it('says plainly that 2027 has no data yet, rather than guessing', async () => {
    const res = await member('GET', '/api/v1/calendar/2027');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      year: 2027,
      source: 'none',
      hasData: false,
      inPackage: false,
      holidays: [],
      makeupWorkdays: [],
    });
    expect(res.body.missingHolidays).toHaveLength(7);
    const calendar = await repo.calendar(2026, 2027);
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({
      date: '2027-01-01',
      missingYears: [2027],
    });
  });

  it('refuses a year path outside 2000–2100 or not a year, naming the field', async () => {
    for (const year of ['1999', '2101', 'abcd', '20270', '2027.5']) {
      const res = await admin('GET', `/api/v1/calendar/${year}`);
      expectStatus(res, 400);
      expect(res.body.errors).toEqual([{ field: 'year', messages: [expect.any(String)] }]);
    }
    expectStatus(await admin('PUT', '/api/v1/calendar/1999', notice2027()), 400);
  });

  it('lets only an admin change the calendar: 403 for an office, nothing stored', async () => {
    expectStatus(await office('PUT', '/api/v1/calendar/2027', notice2027()), 403);
    expectStatus(await member('PUT', '/api/v1/calendar/2027', notice2027()), 403);
    expectStatus(await office('DELETE', '/api/v1/calendar/2026'), 403);
    expect(await rows()).toEqual([]);
  });

  it('answers malformed input with 400 naming each bad field, and changes nothing', async () => {
    const res = await admin('PUT', '/api/v1/calendar/2027', {
      holidays: [
        { date: '2027-02-30', holiday: 'spring_festival' },
        { date: '2027-05-01', holiday: 'childrens_day' },
        { date: 20270101, holiday: 'new_year' },
        { holiday: 'new_year' },
      ],
      makeupWorkdays: 'none',
      note: 'extra',
    });
    expectStatus(res, 400);
    const fields = res.body.errors.map((e: any) => e.field).sort();
    expect(fields).toEqual(
      [
        'holidays.0.date',
        'holidays.1.holiday',
        'holidays.2.date',
        'holidays.3.date',
        'makeupWorkdays',
        'note',
      ].sort(),
    );
    expectStatus(await admin('PUT', '/api/v1/calendar/2027', { holidays: [] }), 400);
    expect(await rows()).toEqual([]);
  });

  it('answers broken rules with 422 listing each with its path, and changes nothing', async () => {
    const body = notice2027();
    body.holidays.push({ date: '2028-01-01', holiday: 'new_year' }); // holidays.40
    body.holidays.push({ date: '2026-12-31', holiday: 'national_day' }); // holidays.41
    body.makeupWorkdays.push({ date: '2027-10-07', holiday: 'national_day' }); // a day off, a Thursday
    body.makeupWorkdays.push({ date: '2027-01-04', holiday: 'new_year' }); // a Monday
    body.makeupWorkdays.push({ date: '2027-01-30', holiday: 'spring_festival' }); // twice
    const res = await admin('PUT', '/api/v1/calendar/2027', body);
    expectStatus(res, 422);
    expect(res.body.code).toBe('rule_broken');
    expect(res.body.violations.map((v: any) => `${v.field} ${v.rule}`)).toEqual([
      `holidays.${body.holidays.length - 2}.date outside_year`,
      `holidays.${body.holidays.length - 1}.date outside_year`,
      'makeupWorkdays.6.date holiday_and_makeup',
      'makeupWorkdays.6.date makeup_not_weekend',
      'makeupWorkdays.7.date makeup_not_weekend',
      'makeupWorkdays.8.date duplicate_date',
    ]);
    expect(await rows()).toEqual([]);
    expect((await member('GET', '/api/v1/calendar/2027')).body.source).toBe('none');
  });

  it('PUT 2027 as admin, then every role reads it and deadlines follow it', async () => {
    const put = await admin('PUT', '/api/v1/calendar/2027', notice2027());
    expectStatus(put, 200);
    expect(put.body).toMatchObject({
      year: 2027,
      source: 'admin',
      hasData: true,
      inPackage: false,
      missingHolidays: [],
      changedBy: { personId: org.users.admin.person.id, name: org.users.admin.person.name },
    });
    expect(Date.parse(put.body.changedAt)).toBeGreaterThan(Date.now() - 60_000);

    const got = await member('GET', '/api/v1/calendar/2027', undefined, {
      'accept-language': 'en',
    });
    expectStatus(got, 200);
    expect(got.body.source).toBe('admin');
    expect(got.body.holidays[1]).toMatchObject({
      holiday: { code: 'spring_festival', label: 'Spring Festival' },
      firstDay: '2027-02-06',
      lastDay: '2027-02-13',
    });
    expect(got.body.makeupWorkdays).toHaveLength(6);

    // The engine's view: 2027's New Year break and make-up Saturday now count.
    const calendar = await repo.calendar(2026, 2027);
    expect(calendar.hasYear(2027)).toBe(true);
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({
      date: '2027-01-04',
      missingYears: [],
    });
    expect(calendar.addWorkingDays('2027-01-29', 1).date).toBe('2027-01-30');
    expect(calendar.holidays(2027)).toHaveLength(7);
  });

  it('replaces a year whole when PUT again', async () => {
    await api.db.dataSource.query(
      "UPDATE calendar_years SET changed_at = '2026-01-01T00:00:00Z' WHERE year = 2027",
    );
    const smaller = { holidays: on('new_year', '2027-01-01'), makeupWorkdays: [] };
    const res = await admin('PUT', '/api/v1/calendar/2027', smaller);
    expectStatus(res, 200);
    expect(Date.parse(res.body.changedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.body.holidays).toEqual([
      {
        holiday: { code: 'new_year', label: '元旦' },
        firstDay: '2027-01-01',
        lastDay: '2027-01-01',
        dates: ['2027-01-01'],
      },
    ]);
    expect(res.body.missingHolidays).toHaveLength(6);
    expect((await rows()).map((r) => [r.year, r.holidays.length])).toEqual([[2027, 1]]);
  });

  it('lets an admin correct a package year, and DELETE restores the package’s data', async () => {
    // Say 2026's notice were amended to add Monday 2026-09-28 to the Mid-Autumn break.
    const years = await repo.years(2026, 2026);
    const y2026 = years.find((y) => y.year === 2026)!;
    const corrected = {
      holidays: [...y2026.holidays, { date: '2026-09-28', holiday: 'mid_autumn' as const }],
      makeupWorkdays: y2026.makeupWorkdays,
    };
    const put = await admin('PUT', '/api/v1/calendar/2026', corrected);
    expectStatus(put, 200);
    expect(put.body).toMatchObject({ source: 'admin', inPackage: true });
    expect(put.body.holidays.find((h: any) => h.holiday.code === 'mid_autumn')).toMatchObject({
      firstDay: '2026-09-25',
      lastDay: '2026-09-28',
    });
    expect((await repo.calendar(2026, 2026)).isWorkingDay('2026-09-28')).toBe(false);
    // The years around it still come from the package.
    expect((await repo.years(2025, 2026)).map((y) => [y.year, y.source])).toEqual([
      [2025, 'chinese-days'],
      [2026, 'admin'],
      [2027, 'admin'],
    ]);

    const del = await admin('DELETE', '/api/v1/calendar/2026');
    expectStatus(del, 200);
    expect(del.body).toMatchObject({ source: 'chinese-days', changedBy: null });
    expect((await repo.calendar(2026, 2026)).isWorkingDay('2026-09-28')).toBe(true);
    expectStatus(await admin('DELETE', '/api/v1/calendar/2026'), 404);
  });
});

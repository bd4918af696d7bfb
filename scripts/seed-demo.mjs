// npm run seed:demo: loads the demo organisation (libs/testing/src/demo-organisation.ts) — a city
// bureau, three county bureaus with their departments and party branches, ~200 people — and one
// sign-in account per role. Idempotent: units match by code, people by staff number, accounts by
// username, grants by (person, role, unit); a second run creates nothing.
//
// PostgreSQL: DATABASE_URL when set; else the embedded server of `npm start` if it is already
// running (npm start holds its data folder), else the embedded server started for this run only.
// DEMO_PASSWORD sets the accounts' password (default `demo-password`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openDatabase } from './database.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[seed:demo] ${line}`);

const { ensureDependencies } = await import('./ensure-deps.mjs');
ensureDependencies();
// --no-build: use dist/ as it is (the tests, which build once before they run).
if (!process.argv.includes('--no-build')) {
  const { build } = await import('./build.mjs');
  say('building');
  await build({ bundle: false });
}

const dist = (path) => join(root, 'dist', path);
const { loadConfig } = await import(dist('libs/config/src/index.js'));
const { OrgRepository } = await import(dist('libs/persistence/src/org.repository.js'));
const { AccountRepository } = await import(dist('libs/persistence/src/account.repository.js'));
const { hashPassword } = await import(dist('apps/api/src/auth/passwords.js'));
const { DEFAULT_DEMO_PASSWORD, demoAccountRows, demoOrganisation } = await import(
  dist('libs/testing/src/demo-organisation.js')
);

const config = loadConfig(process.env, root);
// A deployment must not get an admin account with a password printed in the README.
if (config.nodeEnv === 'production' && !process.env.DEMO_PASSWORD) {
  console.error('[seed:demo] NODE_ENV=production: set DEMO_PASSWORD to seed demo accounts');
  process.exit(1);
}
// Demo accounts (an admin among them) on a database someone named explicitly: only on purpose.
if (config.database.external && !process.argv.includes('--force')) {
  console.error(
    '[seed:demo] DATABASE_URL points at a database of your own: add --force to put demo accounts there',
  );
  process.exit(1);
}
const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;

let database = null;
let exitCode = 0;
try {
  // 1. PostgreSQL and 2. its schema.
  database = await openDatabase(config, { say, applicationName: 'seed-demo' });
  const { dataSource } = database;

  // 3. The plan.
  const plan = demoOrganisation();
  const org = new OrgRepository(dataSource);
  const accountRepository = new AccountRepository(dataSource);
  const result = await applyPlan(plan, org, accountRepository);

  // 4. Report.
  const { counts } = result;
  say(
    `units:    ${plan.units.length} in the plan: ${counts.unitsCreated} created, ${counts.unitsPresent} already present`,
  );
  say(
    `people:   ${plan.people.length} in the plan: ${counts.peopleCreated} created, ${counts.peopleUpdated} updated, ${counts.peoplePresent} already present`,
  );
  say(
    `first responsible persons: ${counts.firstResponsibleSet} set, ${counts.firstResponsiblePresent} already in place; ` +
      `committees: ${counts.committeesSet} set, ${counts.committeesPresent} already in place`,
  );
  say(
    `accounts: ${counts.accountsCreated} created, ${counts.accountsPresent} already present (passwords left as they are); ` +
      `role grants: ${counts.grantsCreated} created, ${counts.grantsPresent} already present`,
  );
  for (const warning of result.warnings) say(`warning: ${warning}`);
  console.log('');
  console.log(
    table(
      ['username', 'role', 'granted on', 'person'],
      demoAccountRows(plan).map((row) => [
        row.username,
        row.role,
        `${row.unitName} (${row.unitCode})`,
        row.person,
      ]),
    ),
  );
  console.log('');
  console.log(`password: ${password}${process.env.DEMO_PASSWORD ? ' (DEMO_PASSWORD)' : ''}`);
  console.log(
    `sign in:  curl -s -X POST localhost:${config.http.port}/api/v1/auth/login -H 'content-type: application/json' \\\n` +
      `            -d '{"username": "demo-office", "password": "${password.replace(/'/g, `'\\''`)}"}'`,
  );
} catch (error) {
  console.error(`[seed:demo] ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await database?.close();
}
process.exit(exitCode);

/**
 * Units, people, leadership and accounts in one transaction: a failed run leaves nothing
 * half-made. Existing rows are matched by their business keys; people drifted from the plan are
 * put back.
 */
async function applyPlan(plan, org, accountRepository) {
  const counts = {
    unitsCreated: 0,
    unitsPresent: 0,
    peopleCreated: 0,
    peopleUpdated: 0,
    peoplePresent: 0,
    firstResponsibleSet: 0,
    firstResponsiblePresent: 0,
    committeesSet: 0,
    committeesPresent: 0,
    accountsCreated: 0,
    accountsPresent: 0,
    grantsCreated: 0,
    grantsPresent: 0,
  };
  const warnings = [];
  // Hashing is slow on purpose (argon2id): once per run, not once per account.
  let passwordHash = null;

  return org.transaction(async (tx) => {
    // Units, parents first.
    const units = new Map(
      (
        await org.findUnitsByCodes(
          plan.units.map((u) => u.code),
          tx,
        )
      ).map((u) => [u.code, u]),
    );
    for (const unit of plan.units) {
      const parentId = unit.parentCode === null ? null : units.get(unit.parentCode).id;
      const found = units.get(unit.code);
      if (found) {
        counts.unitsPresent++;
        if (found.parentId !== parentId || found.name !== unit.name || found.kind !== unit.kind) {
          warnings.push(
            `unit ${unit.code} already exists as "${found.name}" (${found.kind}) and differs from the plan; left as it is`,
          );
        }
        continue;
      }
      units.set(
        unit.code,
        await org.createUnit({ code: unit.code, name: unit.name, kind: unit.kind, parentId }, tx),
      );
      counts.unitsCreated++;
    }

    // People.
    const people = new Map(
      (
        await org.findPeopleByStaffNumbers(
          plan.people.map((p) => p.staffNumber),
          tx,
        )
      ).map((p) => [p.staffNumber, p]),
    );
    for (const person of plan.people) {
      const { unitCode, ...rest } = person;
      const fields = { ...rest, unitId: units.get(unitCode).id };
      const found = people.get(person.staffNumber);
      if (!found) {
        people.set(person.staffNumber, await org.createPerson(fields, tx));
        counts.peopleCreated++;
        continue;
      }
      const changed = Object.fromEntries(
        Object.entries(fields).filter(
          ([key, value]) => JSON.stringify(found[key]) !== JSON.stringify(value),
        ),
      );
      if (Object.keys(changed).length === 0) {
        counts.peoplePresent++;
      } else {
        people.set(person.staffNumber, await org.updatePerson(found.id, changed, tx));
        counts.peopleUpdated++;
      }
    }
    const personId = (staffNumber) => people.get(staffNumber).id;

    // First responsible persons and committees.
    for (const { unitCode, staffNumber } of plan.firstResponsible) {
      const unit = units.get(unitCode);
      if (unit.firstResponsiblePersonId === personId(staffNumber)) {
        counts.firstResponsiblePresent++;
      } else {
        await org.setFirstResponsible(unit.id, personId(staffNumber), tx);
        counts.firstResponsibleSet++;
      }
    }
    const seated = await org.committeeOf(
      plan.committees.map((c) => units.get(c.unitCode).id),
      tx,
    );
    const key = (members) =>
      JSON.stringify(
        members
          .map((m) => [m.personId, [...m.areas]])
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    for (const committee of plan.committees) {
      const unitId = units.get(committee.unitCode).id;
      const members = committee.members.map((m) => ({
        personId: personId(m.staffNumber),
        areas: m.areas,
      }));
      if (key(seated.filter((s) => s.unitId === unitId)) === key(members)) {
        counts.committeesPresent++;
      } else {
        await org.setCommittee(unitId, members, tx);
        counts.committeesSet++;
      }
    }

    // Accounts: an existing one is left alone, password included: someone may have changed it,
    // and a re-run must never put the README's password back.
    for (const account of plan.accounts) {
      const id = personId(account.staffNumber);
      const found = await accountRepository.findByUsername(account.username);
      if (found) {
        counts.accountsPresent++;
        if (found.personId !== id) {
          warnings.push(`account ${account.username} belongs to another person; left as it is`);
        }
        continue;
      }
      passwordHash ??= await hashPassword(password);
      await accountRepository.upsert(
        { username: account.username, passwordHash, personId: id },
        tx,
      );
      counts.accountsCreated++;
    }

    const result = {
      counts,
      warnings,
      unitIds: new Map([...units].map(([code, u]) => [code, u.id])),
      personIds: new Map(plan.accounts.map((a) => [a.staffNumber, personId(a.staffNumber)])),
    };
    await applyGrants(plan, org, result, tx);
    return result;
  });
}

/** Role grants, in the same transaction as everything else (granting is idempotent). */
async function applyGrants(plan, org, { counts, unitIds, personIds }, tx) {
  for (const account of plan.accounts) {
    const personId = personIds.get(account.staffNumber);
    const unitId = unitIds.get(account.unitCode);
    const existing = await org.grantsOf(personId, tx);
    if (existing.some((g) => g.role === account.role && g.unitId === unitId)) {
      counts.grantsPresent++;
    } else {
      await org.grant(personId, account.role, unitId, null, tx);
      counts.grantsCreated++;
    }
  }
}

/** A plain-text table; CJK characters take two columns in a terminal. */
function table(header, rows) {
  const width = (text) =>
    [...text].reduce(
      (sum, ch) =>
        sum +
        (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
          ch,
        )
          ? 2
          : 1),
      0,
    );
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => width(row[i]))));
  const line = (row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - width(cell))))
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

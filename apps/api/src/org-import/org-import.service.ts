import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@campaign/config';
import { RuleBrokenError } from '@campaign/domain';
import { OrgRepository, type Scope, UnitEntity } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { MembershipNotifier } from '../temporal/membership.notifier.js';
import type { SheetKind } from './import-columns.js';
import {
  detectFormat,
  type ImportProblem,
  readCsv,
  readXlsx,
  type RosterFormat,
} from './import-read.js';
import {
  type ImportCounts,
  type ImportPlan,
  type OrgSnapshot,
  parseRoster,
  planImport,
  type PlannedPerson,
  referencesOf,
  type SnapshotPerson,
  type SnapshotUnit,
} from './import-validate.js';

export interface ImportFile {
  buffer: Buffer;
  originalname?: string;
  mimetype?: string;
}

export interface ImportOptions {
  dryRun: boolean;
  /** For a CSV: which sheet it holds (inferred from its header row when absent); a workbook names its sheets. */
  sheet?: SheetKind | undefined;
}

export interface ImportResult {
  dryRun: boolean;
  units: ImportCounts;
  people: ImportCounts;
}

/** The file broke rules: every problem, by sheet, row and column; nothing was written. */
export class ImportRejectedError extends RuleBrokenError {
  constructor(readonly problems: ImportProblem[]) {
    super(
      `the file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported`,
      problems.map((p) => ({
        field: [p.sheet, p.row, p.column].filter((x) => x !== null).join('!'),
        rule: 'import_row',
        message: p.message,
      })),
    );
    this.name = 'ImportRejectedError';
  }
}

/** People per INSERT ... ON CONFLICT statement. */
const PEOPLE_BATCH = 5_000;

@Injectable()
export class OrgImportService {
  constructor(
    private readonly org: OrgRepository,
    private readonly membership: MembershipNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Reads the roster, checks all of it against the database and the caller's scope, and applies
   * it in one transaction (or only counts, on a dry run). Throws ImportRejectedError listing
   * every problem; nothing is written then.
   */
  async import(file: ImportFile, scope: Scope, options: ImportOptions): Promise<ImportResult> {
    const format: RosterFormat = detectFormat(
      file.buffer,
      file.originalname ?? '',
      file.mimetype ?? '',
    );
    const raw =
      format === 'xlsx'
        ? await readXlsx(file.buffer, this.config.imports.maxUnpackedBytes)
        : readCsv(file.buffer, options.sheet);
    const parsed = parseRoster(raw);

    const touched = new Set<string>();
    const result = await this.org.transaction(async (tx) => {
      if (!options.dryRun) await this.org.lockTreeShape(tx);
      const snapshot = await this.snapshot(referencesOf(parsed), scope, tx);
      const outcome = planImport(parsed, snapshot, scope, randomUUID);
      if ('problems' in outcome) throw new ImportRejectedError(outcome.problems);
      const { plan } = outcome;
      if (!options.dryRun) await this.apply(plan, tx);
      // The units people joined or left: their campaigns hand out or close tasks.
      for (const person of plan.people.filter((p) => p.action !== 'unchanged')) {
        touched.add(person.unitId);
        const before = snapshot.peopleByStaffNumber.get(person.staffNumber);
        if (before) touched.add(before.unitId);
      }
      return { dryRun: options.dryRun, units: plan.counts.units, people: plan.counts.people };
    });
    if (!options.dryRun) await this.membership.unitsChanged(touched);
    return result;
  }

  /** Loads, in a handful of queries, what the database holds of what the file names. */
  private async snapshot(
    refs: { unitCodes: string[]; staffNumbers: string[] },
    scope: Scope,
    tx: EntityManager,
  ): Promise<OrgSnapshot> {
    const units = await this.org.findUnitsByCodes(refs.unitCodes, tx);
    const people = await this.org.findPeopleByStaffNumbers(refs.staffNumbers, tx);
    const unitsByCode = new Map<string, SnapshotUnit>(
      units.map((u) => [
        u.code,
        {
          id: u.id,
          code: u.code,
          name: u.name,
          kind: u.kind,
          parentId: u.parentId,
          path: u.path,
          firstResponsiblePersonId: u.firstResponsiblePersonId,
        },
      ]),
    );
    const unitPaths = new Map<string, string>(units.map((u) => [u.id, u.path]));
    const missing = [...new Set(people.map((p) => p.unitId))].filter((id) => !unitPaths.has(id));
    if (missing.length > 0) {
      const rows: Array<{ id: string; path: string }> = await tx.query(
        'SELECT id, path::text AS path FROM units WHERE id = ANY($1::uuid[])',
        [missing],
      );
      for (const row of rows) unitPaths.set(row.id, row.path);
    }
    const peopleByStaffNumber = new Map<string, SnapshotPerson>(
      people.map((p) => [
        p.staffNumber,
        {
          id: p.id,
          staffNumber: p.staffNumber,
          name: p.name,
          unitId: p.unitId,
          position: p.position,
          email: p.email,
          phone: p.phone,
          isLeader: p.isLeader,
          isKeyPerson: p.isKeyPerson,
          keyPersonReasons: p.keyPersonReasons,
          status: p.status,
        },
      ]),
    );
    const committees = new Map<string, Array<{ personId: string; areas: string[] }>>();
    for (const member of await this.org.committeeOf(
      units.map((u) => u.id),
      tx,
    )) {
      const list = committees.get(member.unitId) ?? [];
      list.push({ personId: member.personId, areas: member.areas });
      committees.set(member.unitId, list);
    }
    const beyondReach = await this.org.holdingGrantsBeyond(
      people.map((p) => p.id),
      scope,
      tx,
    );
    return { unitsByCode, unitPaths, peopleByStaffNumber, committees, beyondReach };
  }

  private async apply(plan: ImportPlan, tx: EntityManager): Promise<void> {
    // Units, parents first: each create or move reads its parent's final path.
    for (const unit of plan.units) {
      if (unit.action === 'create') {
        await this.org.createUnit(
          {
            id: unit.id,
            code: unit.code,
            name: unit.name,
            kind: unit.kind,
            parentId: unit.parentId,
          },
          tx,
        );
        continue;
      }
      if (unit.rename)
        await tx.update(UnitEntity, { id: unit.id }, { name: unit.name, kind: unit.kind });
      if (unit.move) await this.org.moveUnit(unit.id, unit.parentId, tx);
    }

    const changed = plan.people.filter((p) => p.action !== 'unchanged');
    for (let i = 0; i < changed.length; i += PEOPLE_BATCH) {
      await upsertPeople(changed.slice(i, i + PEOPLE_BATCH), tx);
    }

    // Leadership last: it names people the file may just have created.
    for (const unit of plan.units) {
      if (unit.firstResponsible) {
        await this.org.setFirstResponsible(unit.id, unit.firstResponsible.personId, tx);
      }
      if (unit.committee) await this.org.setCommittee(unit.id, unit.committee, tx);
    }
  }
}

/**
 * Creates or updates people in one statement per batch (arrays unnested server-side). `left_at`
 * is stamped when someone is marked as left and cleared when they come back, as
 * OrgRepository.updatePerson does.
 */
async function upsertPeople(people: PlannedPerson[], tx: EntityManager): Promise<void> {
  await tx.query(
    `INSERT INTO people (id, staff_number, name, unit_id, position, email, phone, is_leader,
                         is_key_person, key_person_reasons, status, left_at)
     SELECT t.id, t.staff_number, t.name, t.unit_id, t.position, t.email, t.phone, t.is_leader,
            t.is_key_person, string_to_array(t.reasons, ',')::varchar(32)[], t.status,
            CASE WHEN t.status = 'left' THEN now() END
       FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::varchar[],
                   $6::varchar[], $7::varchar[], $8::boolean[], $9::boolean[], $10::text[],
                   $11::varchar[])
         AS t(id, staff_number, name, unit_id, position, email, phone, is_leader, is_key_person,
              reasons, status)
     ON CONFLICT (staff_number) DO UPDATE SET
       name = EXCLUDED.name,
       unit_id = EXCLUDED.unit_id,
       position = EXCLUDED.position,
       email = EXCLUDED.email,
       phone = EXCLUDED.phone,
       is_leader = EXCLUDED.is_leader,
       is_key_person = EXCLUDED.is_key_person,
       key_person_reasons = EXCLUDED.key_person_reasons,
       status = EXCLUDED.status,
       left_at = CASE WHEN people.status = EXCLUDED.status THEN people.left_at
                      WHEN EXCLUDED.status = 'left' THEN now() ELSE NULL END,
       updated_at = now()`,
    [
      people.map((p) => p.id),
      people.map((p) => p.staffNumber),
      people.map((p) => p.name),
      people.map((p) => p.unitId),
      people.map((p) => p.position),
      people.map((p) => p.email),
      people.map((p) => p.phone),
      people.map((p) => p.isLeader),
      people.map((p) => p.isKeyPerson),
      people.map((p) => p.keyPersonReasons.join(',')),
      people.map((p) => p.status),
    ],
  );
}

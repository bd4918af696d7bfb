import { createHash, randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import type { ItemWorkflowInput } from '@campaign/contracts';
import {
  applyItemEvent,
  CampaignClock,
  checkRegistration,
  NotFoundError,
  registerItem,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import {
  CalendarRepository,
  campaignClockSpec,
  CampaignReadModelRepository,
  LedgerImportEntity,
  LedgerRepository,
  type NewLedgerItem,
} from '@campaign/persistence';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';

import type { Principal } from '../auth/principal.js';
import { refuseWithoutLedger } from '../campaigns/campaign-open.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { ImportProblem } from '../org-import/import-read.js';
import { type ImportFile, ImportRejectedError } from '../org-import/org-import.service.js';
import { ItemStarter } from './item-starter.js';
import type { LedgerImportView } from './items.dto.js';
import { deadlineHorizonProblems, ledgerContext } from './ledger-context.js';
import {
  columnName,
  type ImportColumn,
  type ParsedLedgerRow,
  readLedgerFile,
} from './ledger-import.js';

/** Which column of the file a field of the ledger's rules names. */
const COLUMN_OF: Record<string, ImportColumn> = {
  unitId: 'unit',
  personIds: 'persons',
  source: 'source',
  category: 'category',
  responsibleLeaderId: 'leader',
  responsibleUnitId: 'responsibleUnit',
  responsiblePersonId: 'person',
  deadline: 'deadline',
  deadlineWorkingDays: 'deadline',
  acceptanceStandard: 'acceptance',
  expectedEffect: 'effect',
  measures: 'measures',
  mode: 'mode',
};

interface UnitRef {
  id: string;
  code: string;
  name: string;
}
interface PersonRef {
  id: string;
  staffNumber: string;
  name: string;
  status: string;
}

/**
 * `POST /api/v1/campaigns/:id/ledger/import`: the roster import's approach for the ledger. The
 * whole file is checked first — each cell, the units and people it names (within the office's
 * scope, active), the campaign's coverage, and each row's registration and assignment by the
 * ledger's own core, as the item's workflow will judge them — and any problem refuses the file
 * with every problem by row and column (422); nothing is written. Otherwise the rows are
 * registered in one transaction and their workflows start after it at Temporal's pace; the
 * import's status says how many are still starting. The same file again changes nothing, and a
 * row already imported (its 序号) is unchanged when identical, a problem when it differs.
 */
@Injectable()
export class LedgerImportService implements OnApplicationShutdown {
  private readonly starting = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly calendar: CalendarRepository,
    private readonly campaigns: CampaignsService,
    private readonly starter: ItemStarter,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.starting);
  }

  async import(
    principal: Principal,
    campaignId: string,
    file: ImportFile,
    dryRun: boolean,
  ): Promise<LedgerImportView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'items.register');
    refuseWithoutLedger(campaign);
    const fileHash = createHash('sha256').update(file.buffer).digest('hex');
    const earlier = await this.findImport(campaign.id, { fileHash });
    if (earlier) return this.view(earlier, dryRun);

    const read = await readLedgerFile(file, this.config.imports.maxUnpackedBytes);
    const problems = [...read.problems];
    const problem = (row: ParsedLedgerRow, key: ImportColumn | null, message: string) =>
      problems.push({
        sheet: null,
        row: row.row,
        column: key ? columnName(read.headers, key) : null,
        message,
      });

    const units = await this.units(principal, read.rows);
    const people = await this.people(principal, read.rows);
    const covered = new Set(await this.readModel.unitIds(campaign.id));
    const before = await this.importedRows(
      campaign.id,
      read.rows.map((r) => r.key),
    );
    const at = new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
    const ctx = await ledgerContext(this.calendar, campaign, at);
    const horizon = (a: NonNullable<ItemWorkflowInput['assignment']>) =>
      deadlineHorizonProblems(this.calendar, campaign, at, this.config.ledger.deadlineHorizonDays, [
        { field: 'deadline', day: a.deadline, workingDays: a.deadlineWorkingDays },
      ]);

    const fresh: NewLedgerItem[] = [];
    let unchanged = 0;
    for (const row of read.rows) {
      const known = before.get(row.key);
      if (known !== undefined) {
        if (known === row.hash) unchanged++;
        else {
          problem(
            row,
            'number',
            `序号 ${row.key} was imported into this ledger before with other content: change that item in the ledger instead`,
          );
        }
        continue;
      }
      const resolve = <T>(
        key: ImportColumn,
        value: string,
        lookup: (v: string) => T | string,
      ): T | null => {
        const found = lookup(value);
        if (typeof found === 'string') {
          problem(row, key, found);
          return null;
        }
        return found;
      };
      const unit = resolve('unit', row.unit, units);
      if (unit && !covered.has(unit.id))
        problem(row, 'unit', 'this unit is not covered by the campaign');
      const persons = row.persons.map((p) => resolve('persons', p, people));
      const id = randomUUID();
      const registration: ItemWorkflowInput['registration'] = {
        type: 'registered',
        at,
        by: principal.personId,
        requestId: id,
        itemId: id,
        campaignId: campaign.id,
        unitId: unit?.id ?? '',
        personIds: persons.map((p) => p?.id ?? ''),
        source: row.source,
        category: row.category,
      };
      let assignment: ItemWorkflowInput['assignment'];
      if (row.assignment) {
        const a = row.assignment;
        const leader = resolve('leader', a.leader, people);
        const responsibleUnit = resolve('responsibleUnit', a.responsibleUnit, units);
        const person = resolve('person', a.person, people);
        assignment = {
          type: 'assigned',
          at,
          by: principal.personId,
          requestId: id,
          responsibleLeaderId: leader?.id ?? '',
          responsibleUnitId: responsibleUnit?.id ?? '',
          responsiblePersonId: person?.id ?? '',
          ...(a.deadline !== undefined ? { deadline: a.deadline } : {}),
          ...(a.deadlineWorkingDays !== undefined
            ? { deadlineWorkingDays: a.deadlineWorkingDays }
            : {}),
          acceptanceStandard: a.acceptanceStandard,
          expectedEffect: a.expectedEffect,
          measures: a.measures,
          mode: a.mode,
        };
      }
      const rowProblems = problems.filter((p) => p.row === row.row).length;
      if (rowProblems === 0) {
        // The ledger's own rules, as the item's workflow will apply them.
        const violations: Violation[] = [...checkRegistration(registration)];
        const registered = violations.length === 0 ? registerItem(registration, ctx) : null;
        if (registered && !registered.ok) violations.push(...registered.violations);
        if (registered?.ok && assignment) {
          const assigned = applyItemEvent(registered.state, assignment, ctx);
          if (!assigned.ok) violations.push(...assigned.violations);
          else violations.push(...(await horizon(assignment)));
        }
        for (const v of violations) problem(row, COLUMN_OF[v.field] ?? null, v.message);
      }
      fresh.push({
        id,
        campaignId: campaign.id,
        unitId: registration.unitId,
        personIds: registration.personIds,
        description: row.description,
        source: row.source,
        sourceRound: null,
        category: row.category,
        registeredByPersonId: principal.personId,
        registeredAt: new Date(at),
        rehearsal: campaign.rehearsal,
        importKey: row.key,
        importHash: row.hash,
        ...(assignment ? { importedAssignment: assignment } : {}),
      });
    }
    if (problems.length > 0) throw new ImportRejectedError(sorted(problems));

    const record = {
      id: randomUUID(),
      campaignId: campaign.id,
      fileHash,
      importedByPersonId: principal.personId,
      rows: read.rows.length,
      created: fresh.length,
      unchanged,
    };
    if (dryRun) return { ...this.counts(record), dryRun: true, importId: null, starting: 0 };
    try {
      await this.dataSource.transaction(async (tx) => {
        await tx.getRepository(LedgerImportEntity).insert(record);
        await this.ledger.insertItems(
          fresh.map((item) => ({ ...item, importId: record.id })),
          tx,
        );
      });
    } catch (error) {
      // The same file, or rows of it, imported at the same moment by someone else.
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        const same = await this.findImport(campaign.id, { fileHash });
        if (same) return this.view(same, false);
        throw new WrongStateError('another import of these rows is running: import again shortly');
      }
      throw error;
    }
    this.logger.info(
      { campaignId: campaign.id, importId: record.id, created: fresh.length, unchanged },
      'ledger imported',
    );
    // Every row is committed; the workflows start now, at Temporal's pace, and any that do not
    // are started by the reconciler. The status below counts what is still starting.
    const run = this.starter.start(fresh.map((i) => i.id));
    this.starting.add(run);
    void run.finally(() => this.starting.delete(run));
    return this.view(record, false);
  }

  /** An import's status: its counts, and how many of its items' workflows are still starting. */
  async status(principal: Principal, campaignId: string, importId: string) {
    const campaign = await this.campaigns.get(principal, campaignId, 'items.register');
    const found = await this.findImport(campaign.id, { id: importId });
    if (!found) throw new NotFoundError('ledger import', importId);
    return this.view(found, false);
  }

  private findImport(campaignId: string, where: { fileHash: string } | { id: string }) {
    return this.dataSource.getRepository(LedgerImportEntity).findOneBy({ campaignId, ...where });
  }

  private counts(r: Pick<LedgerImportEntity, 'rows' | 'created' | 'unchanged'>) {
    return { rows: r.rows, created: r.created, unchanged: r.unchanged };
  }

  private async view(
    r: Pick<LedgerImportEntity, 'id' | 'rows' | 'created' | 'unchanged'>,
    dryRun: boolean,
  ): Promise<LedgerImportView> {
    const [{ starting }]: Array<{ starting: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS starting FROM ledger_items
       WHERE import_id = $1 AND workflow_started_at IS NULL`,
      [r.id],
    );
    return { dryRun, importId: r.id, ...this.counts(r), starting };
  }

  /** 序号 → content hash of the rows this campaign's imports registered before. */
  private async importedRows(campaignId: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ key: string; hash: string }> = await this.dataSource.query(
      `SELECT import_key AS key, import_hash AS hash FROM ledger_items
       WHERE campaign_id = $1 AND import_key = ANY($2::text[])`,
      [campaignId, keys],
    );
    return new Map(rows.map((r) => [r.key, r.hash]));
  }

  /** Units the rows name (by code, or by a name unique in scope), within the office's scope. */
  private async units(principal: Principal, rows: ParsedLedgerRow[]) {
    const names = [
      ...new Set(rows.flatMap((r) => [r.unit, r.assignment?.responsibleUnit ?? ''])),
    ].filter(Boolean);
    const found: Array<UnitRef & { path: string }> = names.length
      ? await this.dataSource.query(
          `SELECT id, code, name, path::text AS path FROM units
           WHERE code = ANY($1::text[]) OR name = ANY($1::text[])`,
          [names],
        )
      : [];
    const inScope = found.filter((u) => principal.covers('items.register', u.path));
    return (value: string): UnitRef | string => {
      const byCode = inScope.find((u) => u.code === value);
      if (byCode) return byCode;
      const byName = inScope.filter((u) => u.name === value);
      if (byName.length === 1) return byName[0];
      if (byName.length > 1)
        return 'more than one unit in your scope has this name: write its code';
      return 'no unit with this code or name in your scope';
    };
  }

  /** People the rows name (staff number, a unique name, or 姓名（工号）), within scope, active. */
  private async people(principal: Principal, rows: ParsedLedgerRow[]) {
    const refs = rows.flatMap((r) => [
      ...r.persons,
      r.assignment?.leader ?? '',
      r.assignment?.person ?? '',
    ]);
    const parts = [...new Set(refs.filter(Boolean).flatMap((ref) => splitRef(ref)))];
    const found: Array<PersonRef & { path: string }> = parts.length
      ? await this.dataSource.query(
          `SELECT p.id, p.staff_number AS "staffNumber", p.name, p.status, u.path::text AS path
           FROM people p JOIN units u ON u.id = p.unit_id
           WHERE p.staff_number = ANY($1::text[]) OR p.name = ANY($1::text[])`,
          [parts],
        )
      : [];
    const inScope = found.filter((p) => principal.covers('items.register', p.path));
    return (value: string): PersonRef | string => {
      const [name, staffNumber] = splitRef(value).length === 2 ? splitRef(value) : [value, value];
      const byNumber = inScope.find((p) => p.staffNumber === staffNumber);
      const byName = inScope.filter((p) => p.name === name);
      const person = byNumber ?? (byName.length === 1 ? byName[0] : undefined);
      if (!person) {
        return byName.length > 1
          ? 'more than one person in your scope has this name: write 姓名（工号）'
          : 'nobody with this staff number or name in your scope';
      }
      if (person.status !== 'active') return 'this person has left';
      return person;
    };
  }
}

/** "张三（1001）" or "张三(1001)" → [name, staff number]; anything else → [itself]. */
function splitRef(ref: string): string[] {
  const match = /^(.+?)\s*[（(]\s*([^()（）]+?)\s*[)）]$/.exec(ref);
  return match ? [match[1], match[2]] : [ref];
}

function sorted(problems: ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

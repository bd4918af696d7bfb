/**
 * The ledger import's reading, pure: an .xlsx workbook (its first sheet) or a CSV in the layout
 * GET /campaigns/:id/ledger.xlsx writes (a title row may come first: the header row is the first
 * row naming at least three of the columns), turned into rows of trimmed text by column, each
 * cell parsed into what registration and assignment need. Names of units and people are
 * resolved later, against the database and the caller's scope; every problem is collected by
 * row and column, and the file is refused as a whole if there is any.
 */
import { createHash } from 'node:crypto';

import {
  DomainError,
  ITEM_CATEGORIES,
  ITEM_MODES,
  type ItemCategory,
  type ItemMode,
  type ItemSource,
  LABELS,
  MAX_DEADLINE_WORKING_DAYS,
  MAX_TEXT_LENGTH,
  PROBLEM_CHANNELS,
} from '@campaign/domain';

import { unsafeTextProblem } from '../common/input-safety.js';
import { humanTextProblem, proseTextProblem, textLength } from '../common/text.js';
import { readWorkbook, tooManyRows } from '../common/xlsx-reader.js';
import { normaliseHeader } from '../org-import/import-columns.js';
import {
  decodeUtf8,
  detectFormat,
  type ImportProblem,
  parseCsv,
} from '../org-import/import-read.js';
import { enumMatcher, splitList } from '../org-import/import-validate.js';
import { LEDGER_COLUMNS, LEDGER_TITLE } from './ledger-workbook.js';

/** Columns the import reads; the others of the layout (progress, status, warning, closure) are the product's. */
export type ImportColumn =
  | 'number'
  | 'description'
  | 'source'
  | 'category'
  | 'unit'
  | 'persons'
  | 'leader'
  | 'responsibleUnit'
  | 'person'
  | 'deadline'
  | 'acceptance'
  | 'effect'
  | 'measures'
  | 'mode';

const READ: readonly ImportColumn[] = [
  'number',
  'description',
  'source',
  'category',
  'unit',
  'persons',
  'leader',
  'responsibleUnit',
  'person',
  'deadline',
  'acceptance',
  'effect',
  'measures',
  'mode',
];
const REQUIRED: readonly ImportColumn[] = ['number', 'description', 'source', 'category', 'unit'];
/** The assignment's columns: all of them (but the mode) or none in a row. */
const ASSIGNMENT: readonly ImportColumn[] = [
  'leader',
  'responsibleUnit',
  'person',
  'deadline',
  'acceptance',
  'effect',
  'measures',
];

export const MAX_LEDGER_ROWS = 20_000;

/** Every header the layout knows, by column key, in both languages. */
const HEADERS = new Map<string, string>(
  LEDGER_COLUMNS.flatMap((c) => [
    [normaliseHeader(c.header['zh-CN']), c.key],
    [normaliseHeader(c.header.en), c.key],
  ]),
);

export interface ParsedLedgerRow {
  /** Spreadsheet row number (1-based, as Excel shows it). */
  row: number;
  /** 序号: the row's identity in this campaign's imports. */
  key: string;
  /** SHA-256 of the row's cells as read: the same row imported again is unchanged. */
  hash: string;
  description: string;
  source: ItemSource;
  category: ItemCategory;
  /** Unit code or name, person staff numbers or names: resolved against the database. */
  unit: string;
  persons: string[];
  assignment: {
    leader: string;
    responsibleUnit: string;
    person: string;
    deadline?: string;
    deadlineWorkingDays?: number;
    acceptanceStandard: string;
    expectedEffect: string;
    measures: string;
    mode: ItemMode;
  } | null;
}

export interface ReadLedger {
  rows: ParsedLedgerRow[];
  problems: ImportProblem[];
  /** Header text as written, by column, for naming problems. */
  headers: Partial<Record<ImportColumn, string>>;
}

const parseSource = enumMatcher<ItemSource>(PROBLEM_CHANNELS, LABELS.itemSource);
const parseCategory = enumMatcher<ItemCategory>(ITEM_CATEGORIES, LABELS.itemCategory);
const parseMode = enumMatcher<ItemMode>(ITEM_MODES, LABELS.itemMode);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WORKING_DAYS = /^(\d{1,3})\s*(个?工作日|working\s*days?)$/i;

/** Columns written in paragraphs (line breaks and tabs allowed), as the JSON routes take them. */
const PROSE: ReadonlySet<ImportColumn> = new Set([
  'description',
  'acceptance',
  'effect',
  'measures',
]);

/**
 * Why a cell cannot be taken, by the rules of the JSON API: text PostgreSQL cannot store (NUL,
 * unpaired surrogates), and control characters — prose may hold line breaks and tabs, the other
 * cells (numbers, names, choices, days) are one line.
 */
export function cellProblem(key: ImportColumn, value: string): string | null {
  return (
    unsafeTextProblem(value) ?? (PROSE.has(key) ? proseTextProblem(value) : humanTextProblem(value))
  );
}

/** The header text of a column, in the language of the file's own header when it has one. */
export function columnName(headers: ReadLedger['headers'], key: ImportColumn): string {
  const written = headers[key];
  if (written) return written;
  const column = LEDGER_COLUMNS.find((c) => c.key === key)!;
  return `${column.header['zh-CN']} ${column.header.en}`;
}

/** Reads the uploaded ledger: rows parsed cell by cell, with every problem found so far. */
export async function readLedgerFile(
  file: { buffer: Buffer; originalname?: string; mimetype?: string },
  maxUnpackedBytes: number,
): Promise<ReadLedger> {
  const format = detectFormat(file.buffer, file.originalname ?? '', file.mimetype ?? '');
  const records =
    format === 'xlsx' ? await xlsxRecords(file.buffer, maxUnpackedBytes) : csvRecords(file.buffer);
  return parseLedger(records);
}

/** The rows of a sheet as text cells, with their spreadsheet row numbers. */
type Records = Array<{ row: number; cells: string[] }>;

async function xlsxRecords(buffer: Buffer, maxUnpackedBytes: number): Promise<Records> {
  // The header may follow a title row or a few: stop reading just past what the limit allows.
  const sheets = await readWorkbook(buffer, { maxUnpackedBytes, maxRows: MAX_LEDGER_ROWS + 5 });
  const titles = Object.values(LEDGER_TITLE).map(normaliseHeader);
  const sheet = sheets.find((w) => titles.includes(normaliseHeader(w.name))) ?? sheets[0];
  if (!sheet) throw new DomainError('invalid', 'the workbook has no sheet');
  return sheet.rows;
}

function csvRecords(buffer: Buffer): Records {
  return parseCsv(decodeUtf8(buffer)).map((cells, i) => ({
    row: i + 1,
    cells: cells.map((c) => c.trim()),
  }));
}

export function parseLedger(records: Records): ReadLedger {
  const problems: ImportProblem[] = [];
  const headerAt = records
    .slice(0, 5)
    .findIndex((r) => r.cells.filter((c) => HEADERS.has(normaliseHeader(c))).length >= 3);
  if (headerAt < 0) {
    problems.push({
      sheet: null,
      row: null,
      column: null,
      message: `no header row: the ledger's columns (${LEDGER_COLUMNS.map((c) => c.header['zh-CN']).join('、')}) were not found in the first rows`,
    });
    return { rows: [], problems, headers: {} };
  }
  const headerRow = records[headerAt];
  const index = new Map<ImportColumn, number>();
  const headers: ReadLedger['headers'] = {};
  headerRow.cells.forEach((text, i) => {
    const key = HEADERS.get(normaliseHeader(text)) as ImportColumn | undefined;
    if (!key || !READ.includes(key)) return;
    if (index.has(key)) {
      problems.push({
        sheet: null,
        row: headerRow.row,
        column: text,
        message: 'this column appears more than once',
      });
      return;
    }
    index.set(key, i);
    headers[key] = text;
  });
  for (const key of REQUIRED) {
    if (!index.has(key)) {
      problems.push({
        sheet: null,
        row: headerRow.row,
        column: columnName(headers, key),
        message: 'required column is missing from the header row',
      });
    }
  }
  const body = records.slice(headerAt + 1);
  if (body.length > MAX_LEDGER_ROWS) throw tooManyRows('the ledger', MAX_LEDGER_ROWS);
  if (problems.length > 0) return { rows: [], problems, headers };

  const rows: ParsedLedgerRow[] = [];
  const keys = new Map<string, number>();
  for (const record of body) {
    const cell = (key: ImportColumn) => {
      const i = index.get(key);
      return i === undefined ? '' : (record.cells[i] ?? '').trim();
    };
    if (READ.every((key) => cell(key) === '')) continue;
    const problem = (key: ImportColumn, message: string) =>
      problems.push({ sheet: null, row: record.row, column: columnName(headers, key), message });
    // The JSON routes' rules for the same fields, judged here so the dry run and the import
    // refuse the same cells (a NUL passed the dry run and failed the insert).
    for (const key of READ) {
      const message = cellProblem(key, cell(key));
      if (message) problem(key, message);
    }
    const text = (key: ImportColumn, required: boolean): string => {
      const value = cell(key);
      if (!value) {
        if (required) problem(key, 'required');
      } else if (textLength(value) > MAX_TEXT_LENGTH) {
        problem(key, `at most ${MAX_TEXT_LENGTH} characters`);
      }
      return value;
    };

    const key = text('number', true);
    if (key && textLength(key) > 64) problem('number', 'at most 64 characters');
    else if (key && keys.has(key)) problem('number', `also the 序号 of row ${keys.get(key)}`);
    else if (key) keys.set(key, record.row);
    const description = text('description', true);
    const source = cell('source') ? parseSource(cell('source')) : undefined;
    if (!source)
      problem(
        'source',
        `one of: ${PROBLEM_CHANNELS.map((s) => LABELS.itemSource[s]['zh-CN']).join('、')}`,
      );
    const category = cell('category') ? parseCategory(cell('category')) : undefined;
    if (!category) {
      problem(
        'category',
        `one of: ${ITEM_CATEGORIES.map((c) => LABELS.itemCategory[c]['zh-CN']).join('、')}`,
      );
    }
    const unit = text('unit', true);
    const persons = splitList(cell('persons'));

    let assignment: ParsedLedgerRow['assignment'] = null;
    if (ASSIGNMENT.some((k) => cell(k) !== '')) {
      for (const k of ASSIGNMENT) {
        if (cell(k) === '')
          problem(k, 'required when the row is assigned (all six clarities, and the measures)');
      }
      const deadline = cell('deadline');
      let day: string | undefined;
      let workingDays: number | undefined;
      if (DAY.test(deadline)) day = deadline;
      else if (WORKING_DAYS.test(deadline)) {
        workingDays = Number(WORKING_DAYS.exec(deadline)![1]);
        if (workingDays < 1 || workingDays > MAX_DEADLINE_WORKING_DAYS) {
          problem('deadline', `between 1 and ${MAX_DEADLINE_WORKING_DAYS} working days`);
        }
      } else if (deadline) {
        problem('deadline', 'a day (YYYY-MM-DD) or a number of working days (e.g. 20个工作日)');
      }
      const mode = cell('mode') ? parseMode(cell('mode')) : 'by_deadline';
      if (!mode) {
        problem('mode', `one of: ${ITEM_MODES.map((m) => LABELS.itemMode[m]['zh-CN']).join('、')}`);
      }
      assignment = {
        leader: cell('leader'),
        responsibleUnit: cell('responsibleUnit'),
        person: cell('person'),
        ...(day !== undefined ? { deadline: day } : {}),
        ...(workingDays !== undefined ? { deadlineWorkingDays: workingDays } : {}),
        acceptanceStandard: text('acceptance', false),
        expectedEffect: text('effect', false),
        measures: text('measures', false),
        mode: mode ?? 'by_deadline',
      };
    }
    const hash = createHash('sha256')
      .update(JSON.stringify(READ.map((k) => cell(k))))
      .digest('hex');
    rows.push({
      row: record.row,
      key,
      hash,
      description,
      source: source ?? 'inspection',
      category: category ?? 'discipline_work',
      unit,
      persons,
      assignment,
    });
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ sheet: null, row: null, column: null, message: 'the file has no item rows' });
  }
  return { rows, problems, headers };
}

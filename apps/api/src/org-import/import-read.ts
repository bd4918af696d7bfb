/**
 * Reads an uploaded roster (.xlsx workbook or one .csv per sheet) into plain rows of trimmed
 * text keyed by column. No rule is checked here beyond the header row.
 */
import { DomainError } from '@campaign/domain';

import { readWorkbook, tooManyRows } from '../common/xlsx-reader.js';
import {
  bilingual,
  type ColumnKey,
  matchColumn,
  matchSheet,
  type SheetKind,
  sheetSpec,
} from './import-columns.js';

/** One problem in the file: where (spreadsheet row, header text) and what, never whose. */
export interface ImportProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

export interface RawRow<S extends SheetKind> {
  /** Spreadsheet row number; the header is row 1. */
  row: number;
  cells: Partial<Record<ColumnKey<S>, string>>;
}

export interface RawSheet<S extends SheetKind> {
  kind: S;
  /** The sheet's name as the user sees it (the worksheet name, or the canonical one for CSV). */
  name: string;
  /** Header text, as written in the file, of every column present. */
  headers: Partial<Record<ColumnKey<S>, string>>;
  /** Column order in the file, for sorting problems. */
  order: Partial<Record<ColumnKey<S>, number>>;
  rows: Array<RawRow<S>>;
}

export interface RawRoster {
  units?: RawSheet<'units'>;
  people?: RawSheet<'people'>;
  problems: ImportProblem[];
}

/** More rows than this in one sheet is refused outright (413), the reading stopped there. */
export const MAX_ROWS_PER_SHEET = 50_000;

export type RosterFormat = 'xlsx' | 'csv';

/** Tells the format from the bytes (an .xlsx is a zip) and the name the client sent. */
export function detectFormat(buffer: Buffer, fileName: string, mimeType: string): RosterFormat {
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  const name = fileName.toLowerCase();
  if (name.endsWith('.xls') || buffer.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new DomainError('invalid', 'old .xls workbooks are not supported: save as .xlsx or .csv');
  }
  if (name.endsWith('.xlsx')) {
    throw new DomainError('invalid', 'the file is not a valid .xlsx workbook');
  }
  if (
    name.endsWith('.csv') ||
    name.endsWith('.txt') ||
    /^text\/(csv|plain)|application\/(csv|vnd\.ms-excel)/.test(mimeType)
  ) {
    return 'csv';
  }
  throw new DomainError('invalid', 'upload an .xlsx workbook or a .csv file');
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

// ---- header row -------------------------------------------------------------------------------

/**
 * Maps header cells (column index → text) to columns; reports missing required columns and a
 * column named twice. Unknown columns are ignored (offices keep notes beside the roster).
 */
function readHeader<S extends SheetKind>(
  kind: S,
  sheetName: string,
  headerCells: Array<{ index: number; text: string }>,
  problems: ImportProblem[],
): { byIndex: Map<number, ColumnKey<S>>; sheet: Omit<RawSheet<S>, 'rows'> } {
  const spec = sheetSpec(kind);
  const byIndex = new Map<number, ColumnKey<S>>();
  const headers: Partial<Record<ColumnKey<S>, string>> = {};
  const order: Partial<Record<ColumnKey<S>, number>> = {};
  for (const { index, text } of headerCells) {
    const key = matchColumn(spec, text);
    if (!key) continue;
    if (headers[key] !== undefined) {
      problems.push({
        sheet: sheetName,
        row: 1,
        column: text,
        message: `column ${bilingual(spec.columns.find((c) => c.key === key)!)} appears more than once`,
      });
      continue;
    }
    headers[key] = text;
    order[key] = index;
    byIndex.set(index, key);
  }
  for (const column of spec.columns) {
    if (column.required && headers[column.key] === undefined) {
      problems.push({
        sheet: sheetName,
        row: 1,
        column: bilingual(column),
        message: 'required column is missing from the header row',
      });
    }
  }
  return { byIndex, sheet: { kind, name: sheetName, headers, order } };
}

// ---- xlsx -------------------------------------------------------------------------------------

export { cellText } from '../common/xlsx-reader.js';

/** Reads the roster's sheets through the shared workbook reader (byte and row limits: 413). */
export async function readXlsx(buffer: Buffer, maxUnpackedBytes: number): Promise<RawRoster> {
  const sheets = await readWorkbook(buffer, {
    maxUnpackedBytes,
    maxRows: MAX_ROWS_PER_SHEET + 1,
  });
  const roster: RawRoster = { problems: [] };
  for (const worksheet of sheets) {
    const kind = matchSheet(worksheet.name);
    if (!kind) continue;
    if (roster[kind]) {
      roster.problems.push({
        sheet: worksheet.name,
        row: null,
        column: null,
        message: `the workbook has more than one ${bilingual(sheetSpec(kind))} sheet`,
      });
      continue;
    }
    const header = worksheet.rows[0]?.row === 1 ? worksheet.rows[0].cells : [];
    const headerCells = header.map((text, i) => ({ index: i + 1, text })).filter((c) => c.text);
    const { byIndex, sheet } = readHeader(kind, worksheet.name, headerCells, roster.problems);
    const rows: Array<RawRow<typeof kind>> = [];
    for (const record of worksheet.rows) {
      if (record.row === 1) continue;
      const cells: Record<string, string> = {};
      let empty = true;
      for (const [index, key] of byIndex) {
        const text = record.cells[index - 1] ?? '';
        if (text) empty = false;
        cells[key] = text;
      }
      if (!empty) rows.push({ row: record.row, cells });
    }
    if (rows.length > MAX_ROWS_PER_SHEET) throw tooManyRows(worksheet.name, MAX_ROWS_PER_SHEET);
    (roster as Record<SheetKind, RawSheet<SheetKind>>)[kind] = { ...sheet, rows };
  }
  if (!roster.units && !roster.people) {
    roster.problems.push({
      sheet: null,
      row: null,
      column: null,
      message: `the workbook has no sheet named ${bilingual(sheetSpec('units'))} or ${bilingual(sheetSpec('people'))}`,
    });
  }
  return roster;
}

// ---- csv --------------------------------------------------------------------------------------

/** The delimiter the header line uses most (comma, semicolon or tab), outside quotes. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/**
 * RFC 4180 records: quoted fields may hold delimiters, quotes ("") and line breaks; CRLF, LF or
 * CR end a record. A blank line is a record of one empty field (it is still a spreadsheet row).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (field !== '' || record.length > 0 || quoted) endRecord();
  return records;
}

/** Decodes UTF-8 (a BOM is dropped); anything else is refused with a hint. */
export function decodeUtf8(buffer: Buffer): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    throw new DomainError(
      'invalid',
      'the CSV file is not UTF-8: in Excel choose "CSV UTF-8 (逗号分隔)" when saving',
    );
  }
}

/** Which sheet a CSV holds, from its header row, when the caller did not say. */
function inferSheet(header: string[]): SheetKind {
  const people = header.some((h) => matchColumn(sheetSpec('people'), h) === 'staffNumber');
  const units = header.some((h) => {
    const key = matchColumn(sheetSpec('units'), h);
    return key === 'parentCode' || key === 'kind';
  });
  if (people && !units) return 'people';
  if (units && !people) return 'units';
  throw new DomainError(
    'invalid',
    'cannot tell whether the CSV holds units or people: add sheet=units or sheet=people',
  );
}

export function readCsv(buffer: Buffer, kind?: SheetKind): RawRoster {
  const records = parseCsv(decodeUtf8(buffer));
  const header = (records[0] ?? []).map((h) => h.trim());
  const sheetKind = kind ?? inferSheet(header);
  const name = bilingual(sheetSpec(sheetKind));
  const roster: RawRoster = { problems: [] };
  const headerCells = header.map((text, i) => ({ index: i + 1, text })).filter((c) => c.text);
  const { byIndex, sheet } = readHeader(sheetKind, name, headerCells, roster.problems);
  const rows: Array<RawRow<SheetKind>> = [];
  records.slice(1).forEach((record, i) => {
    const cells: Record<string, string> = {};
    let empty = true;
    for (const [index, key] of byIndex) {
      const text = (record[index - 1] ?? '').trim();
      if (text) empty = false;
      cells[key] = text;
    }
    if (!empty) rows.push({ row: i + 2, cells });
  });
  if (rows.length > MAX_ROWS_PER_SHEET) throw tooManyRows(name, MAX_ROWS_PER_SHEET);
  (roster as Record<SheetKind, RawSheet<SheetKind>>)[sheetKind] = { ...sheet, rows };
  return roster;
}

/**
 * Reads an uploaded roster (.xlsx workbook or one .csv per sheet) into plain rows of trimmed
 * text keyed by column. No rule is checked here beyond the header row.
 */
import { DomainError } from '@campaign/domain';
import ExcelJS from 'exceljs';

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

/** More rows than this in one sheet is refused outright (the 10 MB upload limit aside). */
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

function tooManyRows(sheetName: string): DomainError {
  return new DomainError(
    'invalid',
    `sheet ${sheetName} has more than ${MAX_ROWS_PER_SHEET} rows: split the file`,
  );
}

// ---- xlsx -------------------------------------------------------------------------------------

/** The text a cell shows, whatever exceljs made of it (rich text, hyperlink, formula result). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['richText'])) {
      return (v['richText'] as Array<{ text?: unknown }>)
        .map((part) => (typeof part.text === 'string' ? part.text : ''))
        .join('')
        .trim();
    }
    if ('text' in v) return cellText(v['text']);
    if ('result' in v) return cellText(v['result']);
    if ('error' in v) return cellText(v['error']);
  }
  return '';
}

type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];

/**
 * What a workbook may unpack to. 50,000 rows of a roster stay far below it; a small upload that
 * claims gigabytes inside (a zip bomb) is refused before anything is decompressed.
 */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

/**
 * Sum of the uncompressed sizes the zip's central directory declares (an .xlsx is a zip), or
 * null when the directory cannot be found. Reads only the directory, never the contents.
 */
export function declaredUnpackedBytes(zip: Buffer): number | null {
  // End of central directory: signature, then the entry count at +10 and the directory offset at +16.
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) return null;
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) return null;
    const size = zip.readUInt32LE(offset + 24);
    // 0xFFFFFFFF means the real size is in a ZIP64 field: treat as over any limit.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    offset +=
      46 +
      zip.readUInt16LE(offset + 28) +
      zip.readUInt16LE(offset + 30) +
      zip.readUInt16LE(offset + 32);
  }
  return total;
}

export async function readXlsx(buffer: Buffer): Promise<RawRoster> {
  const unpacked = declaredUnpackedBytes(buffer);
  if (unpacked === null)
    throw new DomainError('invalid', 'the file is not a readable .xlsx workbook');
  if (unpacked > MAX_UNPACKED_BYTES) {
    throw new DomainError(
      'invalid',
      'the workbook unpacks to more than a roster can hold: split the file',
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as XlsxInput);
  } catch {
    throw new DomainError('invalid', 'the file is not a readable .xlsx workbook');
  }
  const roster: RawRoster = { problems: [] };
  for (const worksheet of workbook.worksheets) {
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
    const headerCells: Array<{ index: number; text: string }> = [];
    worksheet.getRow(1).eachCell({ includeEmpty: false }, (cell, index) => {
      headerCells.push({ index, text: cellText(cell.value) });
    });
    const { byIndex, sheet } = readHeader(kind, worksheet.name, headerCells, roster.problems);
    const rows: Array<RawRow<typeof kind>> = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber === 1) return;
      const cells: Record<string, string> = {};
      let empty = true;
      for (const [index, key] of byIndex) {
        const text = cellText(row.getCell(index).value);
        if (text) empty = false;
        cells[key] = text;
      }
      if (!empty) rows.push({ row: rowNumber, cells });
    });
    if (rows.length > MAX_ROWS_PER_SHEET) throw tooManyRows(worksheet.name);
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
  if (rows.length > MAX_ROWS_PER_SHEET) throw tooManyRows(name);
  (roster as Record<SheetKind, RawSheet<SheetKind>>)[sheetKind] = { ...sheet, rows };
  return roster;
}

/**
 * The one reader of uploaded workbooks (.xlsx), for the roster import and the ledger import.
 *
 * An .xlsx is a zip, and a zip may lie: the sizes its directory declares are whatever the sender
 * wrote, so a 1 MB upload declaring 1,000 bytes inflated to 1 GiB inside the API. So, before a
 * spreadsheet library sees the file, every entry is inflated through a counter that stops at
 * `maxUnpackedBytes` of bytes actually produced, keeping nothing, and counts each worksheet's rows
 * as they inflate, stopping past `maxRows` (`checkUnpackedSize`): a 100,000-row workbook is
 * refused at row 20,001 of its XML, not parsed whole first. Only then are the sheets read, row by
 * row, with exceljs's streaming reader (which stops at the same limit, should a row escape the
 * count).
 *
 * Both limits answer 413: the file is too large to take, like an upload over 10 MB; nothing in it
 * is wrong row by row (that is 422, with every problem named), and the fix is the same — split it.
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

import { DomainError } from '@campaign/domain';
import { PayloadTooLargeException } from '@nestjs/common';
import ExcelJS from 'exceljs';

export interface WorkbookLimits {
  /** Bytes every entry of the zip may inflate to, together. */
  maxUnpackedBytes: number;
  /** Rows (header included) one sheet may hold. */
  maxRows: number;
}

/** One row of a sheet: its spreadsheet number (1-based) and its cells' text by column (0-based). */
export interface SheetRecord {
  row: number;
  cells: string[];
}
export interface SheetRecords {
  /** The worksheet's name, as the user sees it. */
  name: string;
  rows: SheetRecord[];
}

const unreadable = () => new DomainError('invalid', 'the file is not a readable .xlsx workbook');

export function tooManyRows(sheet: string | null, maxRows: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `${sheet ? `sheet ${sheet}` : 'a sheet'} has more than ${maxRows} rows: split the file`,
  );
}

export function unpacksTooLarge(maxUnpackedBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `the workbook unpacks to more than ${Math.floor(maxUnpackedBytes / 2 ** 20)} MB: split the file`,
  );
}

const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

interface ZipEntry {
  name: string;
  method: number;
  /** Where the entry's local header starts, and where its data starts and ends. */
  local: number;
  start: number;
  end: number;
}

/** The entries of a zip, from its central directory and each entry's local header. */
function zipEntries(zip: Buffer): { entries: ZipEntry[]; directory: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw unreadable();
  const count = zip.readUInt16LE(eocd + 10);
  const directory = zip.readUInt32LE(eocd + 16);
  let offset = directory;
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) throw unreadable();
    const method = zip.readUInt16LE(offset + 10);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const compressed = zip.readUInt32LE(offset + 20);
    const local = zip.readUInt32LE(offset + 42);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw unreadable();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    // A declared compressed size is only a hint too: never read past the buffer.
    entries.push({ name, method, local, start, end: Math.min(zip.length, start + compressed) });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return { entries, directory };
}

/**
 * Inflates `data`, counting what comes out and keeping none of it; stops past `budget`, or when
 * `look` (shown each chunk) finds a reason to.
 */
function inflatedBytes(
  data: Buffer,
  budget: number,
  tooLarge: () => Error,
  look?: (chunk: Buffer) => Error | null,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let total = 0;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) {
        inflate.destroy();
        reject(error);
      } else resolve(total);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      const stop = total > budget ? tooLarge() : (look?.(chunk) ?? null);
      if (stop) settle(stop);
    });
    inflate.on('error', () => settle(unreadable()));
    inflate.on('end', () => settle(null));
    inflate.end(data);
  });
}

const ROW = Buffer.from('<row');
/** What may follow `<row` in a row element (not `<rowBreaks>`): space, `>`, `/`, tab, CR, LF. */
const AFTER_ROW = new Set([0x20, 0x3e, 0x2f, 0x09, 0x0d, 0x0a]);

/**
 * Counts `<row` elements in a worksheet's XML as it inflates, chunk by chunk (a tag split across
 * two chunks is counted once); past `maxRows` it gives the reason to stop.
 */
export function rowCounter(maxRows: number): (chunk: Buffer) => Error | null {
  let tail = Buffer.alloc(0);
  let rows = 0;
  return (chunk) => {
    const text = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    for (let at = text.indexOf(ROW); at >= 0 && at + 4 < text.length;) {
      if (AFTER_ROW.has(text[at + 4])) rows += 1;
      at = text.indexOf(ROW, at + 4);
    }
    if (rows > maxRows) return tooManyRows(null, maxRows);
    // Shorter than `<row` and the byte after it: a tag starting here is completed next chunk.
    tail = Buffer.from(text.subarray(Math.max(0, text.length - 4)));
    return null;
  };
}

/**
 * Refuses (413) a zip whose entries inflate to more than `maxUnpackedBytes` together, counting
 * the bytes inflation actually produces, whatever the zip declares, or one of whose worksheets
 * holds more than `maxRows` rows; memory stays at one chunk. Resolves to the total inflated.
 */
export async function checkUnpackedSize(
  zip: Buffer,
  maxUnpackedBytes: number,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<number> {
  const tooLarge = () => unpacksTooLarge(maxUnpackedBytes);
  let total = 0;
  for (const entry of zipEntries(zip).entries) {
    const data = zip.subarray(entry.start, entry.end);
    const look = WORKSHEET.test(entry.name) ? rowCounter(maxRows) : undefined;
    if (entry.method === 0) {
      total += data.length;
      const stop = look?.(data);
      if (stop) throw stop;
    } else if (entry.method === 8) {
      total += await inflatedBytes(data, maxUnpackedBytes - total, tooLarge, look);
    } else throw unreadable();
    if (total > maxUnpackedBytes) throw tooLarge();
  }
  return total;
}

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

/**
 * Every worksheet of the workbook, in the workbook's order, as rows of cell text (empty rows
 * left out). A sheet past `maxRows` stops the reading there (413).
 */
export async function readWorkbook(
  buffer: Buffer,
  limits: WorkbookLimits,
): Promise<SheetRecords[]> {
  await checkUnpackedSize(buffer, limits.maxUnpackedBytes, limits.maxRows);
  const sheets: Array<SheetRecords & { order: number }> = [];
  const { segments, sharedStrings } = sheetsLast(buffer);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(segments), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // Without a shared-strings part (cells written inline), exceljs would wait for one and copy
  // every sheet to a temporary file first: there is none to wait for (exceljs 4's own field).
  if (!sharedStrings) (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? '';
      const rows: SheetRecord[] = [];
      let count = 0;
      for await (const row of worksheet) {
        count += 1;
        if (count > limits.maxRows) throw tooManyRows(name, limits.maxRows);
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = cellText(cell.value);
        });
        if (cells.some((c) => c !== '')) {
          rows.push({ row: row.number, cells: Array.from(cells, (c) => c ?? '') });
        }
      }
      sheets.push({ name, rows, order: sheetOrder(worksheet) });
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeException || error instanceof DomainError) throw error;
    throw unreadable();
  }
  return sheets.sort((a, b) => a.order - b.order).map(({ name, rows }) => ({ name, rows }));
}

/**
 * The zip's entries with the worksheets last, for exceljs's streaming reader: it reads the zip
 * front to back, and a worksheet arriving before the shared strings, styles and workbook it needs
 * is copied to a temporary file and read at the end (which a stop at the row limit leaves
 * behind). Entries are moved whole, local header to the next one; the streaming reader does not
 * use the directory's offsets.
 */
function sheetsLast(zip: Buffer): { segments: Buffer[]; sharedStrings: boolean } {
  const { entries, directory } = zipEntries(zip);
  const byOffset = [...entries].sort((a, b) => a.local - b.local);
  const segments = byOffset.map((entry, i) => ({
    name: entry.name,
    bytes: zip.subarray(entry.local, byOffset[i + 1]?.local ?? directory),
  }));
  const sheetNumber = (name: string) => Number(WORKSHEET.exec(name)?.[1] ?? -1);
  segments.sort((a, b) => sheetNumber(a.name) - sheetNumber(b.name));
  return {
    segments: [...segments.map((s) => s.bytes), zip.subarray(directory)],
    sharedStrings: entries.some((e) => e.name === 'xl/sharedStrings.xml'),
  };
}

/** The sheet's position in the workbook (its file may come in another order in the zip). */
function sheetOrder(worksheet: unknown): number {
  const id = (worksheet as { id?: unknown }).id;
  return typeof id === 'number' ? id : Number.MAX_SAFE_INTEGER;
}

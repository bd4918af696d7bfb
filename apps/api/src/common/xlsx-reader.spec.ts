import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';

import { workbookOfSheetXml, zipBombWorkbook } from '@campaign/testing';
import { describe, expect, it } from '@jest/globals';
import { PayloadTooLargeException } from '@nestjs/common';
import ExcelJS from 'exceljs';

import { templateWorkbook } from '../org-import/import-template.js';
import { checkUnpackedSize, readWorkbook, rowCounter } from './xlsx-reader.js';

const MiB = 2 ** 20;

async function workbookOf(rows: number, sheetName = 'Sheet1'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(['序号', '问题描述']);
  for (let i = 1; i <= rows; i++) sheet.addRow([i, `问题 ${i}`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('checkUnpackedSize', () => {
  it('counts what a real workbook inflates to', async () => {
    const size = await checkUnpackedSize(await templateWorkbook(), MiB);
    expect(size).toBeGreaterThan(1000);
  });

  it('refuses (413) a sheet that inflates past the cap whatever size the zip declares, before reading it', async () => {
    const bomb = zipBombWorkbook(64, 1000);
    expect(bomb.length).toBeLessThan(MiB);
    await expect(checkUnpackedSize(bomb, 16 * MiB)).rejects.toBeInstanceOf(
      PayloadTooLargeException,
    );
    await expect(checkUnpackedSize(bomb, 16 * MiB)).rejects.toThrow(/more than 16 MB/);
  });

  it('refuses a zip that is not one as unreadable (400)', async () => {
    await expect(
      checkUnpackedSize(Buffer.from('PK\u0003\u0004 not a zip'), MiB),
    ).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('rowCounter', () => {
  it('counts row elements across chunk boundaries, not rowBreaks, and stops past the limit', () => {
    const xml = Buffer.from(
      '<sheetData><row r="1"><c/></row><row r="2"/><row>x</row></sheetData><rowBreaks/>',
    );
    for (let cut = 1; cut < xml.length; cut++) {
      const three = rowCounter(3);
      expect([three(xml.subarray(0, cut)), three(xml.subarray(cut))]).toEqual([null, null]);
      const two = rowCounter(2);
      const stops = [two(xml.subarray(0, cut)), two(xml.subarray(cut))];
      expect(stops[1]).toBeInstanceOf(PayloadTooLargeException);
    }
  });
});

describe('readWorkbook', () => {
  it('reads sheets in workbook order with their names, rows numbered as Excel shows them', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('单位 Units').addRow(['单位编码', '单位名称']);
    const people = book.addWorksheet('人员 People');
    people.addRow(['工号', '姓名', '入职']);
    people.addRow([]);
    people.addRow([100001, '张三', new Date('2024-03-01T00:00:00Z')]);
    const sheets = await readWorkbook(Buffer.from(await book.xlsx.writeBuffer()), {
      maxUnpackedBytes: MiB,
      maxRows: 10,
    });
    expect(sheets.map((s) => s.name)).toEqual(['单位 Units', '人员 People']);
    expect(sheets[1].rows).toEqual([
      { row: 1, cells: ['工号', '姓名', '入职'] },
      { row: 3, cells: ['100001', '张三', '2024-03-01'] },
    ]);
  });

  it('stops at the row limit (413) instead of reading the whole sheet', async () => {
    const file = await workbookOf(2_000);
    await expect(readWorkbook(file, { maxUnpackedBytes: 64 * MiB, maxRows: 100 })).rejects.toThrow(
      /more than 100 rows/,
    );
    await expect(
      readWorkbook(file, { maxUnpackedBytes: 64 * MiB, maxRows: 100 }),
    ).rejects.toBeInstanceOf(PayloadTooLargeException);
    const all = await readWorkbook(file, { maxUnpackedBytes: 64 * MiB, maxRows: 2_001 });
    expect(all[0].rows).toHaveLength(2_001);
  });

  it('reads cells written inline (no shared strings) without copying the sheet to a temporary file', async () => {
    const rows = Array.from(
      { length: 500 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>民警${i + 1}</t></is></c></row>`,
    ).join('');
    const file = workbookOfSheetXml(rows);
    const temporary = async () => (await readdir(tmpdir())).filter((f) => f.startsWith('tmp-'));
    const before = await temporary();
    const sheets = await readWorkbook(file, { maxUnpackedBytes: MiB, maxRows: 1000 });
    expect(sheets[0].rows.slice(0, 2)).toEqual([
      { row: 1, cells: ['民警1'] },
      { row: 2, cells: ['民警2'] },
    ]);
    await expect(readWorkbook(file, { maxUnpackedBytes: MiB, maxRows: 10 })).rejects.toThrow(
      /more than 10 rows/,
    );
    expect(await temporary()).toEqual(before);
  });

  it('refuses the bomb before exceljs sees it', async () => {
    await expect(
      readWorkbook(zipBombWorkbook(64), { maxUnpackedBytes: 8 * MiB, maxRows: 10 }),
    ).rejects.toBeInstanceOf(PayloadTooLargeException);
  });
});

/**
 * The blank roster offices fill in: a workbook with both sheets (bilingual headers, widths, one
 * example row each, drop-downs for the coded columns) or one CSV per sheet.
 */
import { KEY_PERSON_REASONS, LABELS, PERSON_STATUSES, UNIT_KINDS } from '@campaign/domain';
import ExcelJS from 'exceljs';

import { bilingual, type SheetKind, type SheetSpec, sheetSpec } from './import-columns.js';

export const TEMPLATE_FILE_NAME = 'org-import-template';
/** Shown by browsers that honour `filename*`. */
export const TEMPLATE_FILE_NAME_ZH = '组织人员导入模板';
/** Rows the drop-downs reach. */
const TEMPLATE_ROWS = 5000;

/** Drop-down lists (Excel data validation) for columns with a fixed set of values. */
function choices(spec: SheetSpec, key: string): string[] | undefined {
  if (spec.kind === 'units' && key === 'kind') {
    return UNIT_KINDS.map((k) => LABELS.unitKind[k]['zh-CN']);
  }
  if (spec.kind === 'people' && (key === 'isLeader' || key === 'isKeyPerson')) return ['是', '否'];
  if (spec.kind === 'people' && key === 'status') {
    return PERSON_STATUSES.map((s) => LABELS.personStatus[s]['zh-CN']);
  }
  return undefined;
}

function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function addSheet(workbook: ExcelJS.Workbook, spec: SheetSpec): void {
  const sheet = workbook.addWorksheet(bilingual(spec), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = spec.columns.map((c) => ({
    header: bilingual(c),
    key: c.key,
    width: c.width,
    style: c.text ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  sheet.addRow(Object.fromEntries(spec.columns.map((c) => [c.key, c.example])));
  // One range per column: exceljs' per-cell validations come out as overlapping ranges, which
  // Excel "repairs".
  const validations = (
    sheet as unknown as {
      dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
    }
  ).dataValidations;
  spec.columns.forEach((column, i) => {
    const list = choices(spec, column.key);
    if (!list) return;
    const letter = columnLetter(i + 1);
    validations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: false,
      formulae: [`"${list.join(',')}"`],
    });
  });
}

export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'campaign-orchestrator';
  workbook.created = new Date();
  addSheet(workbook, sheetSpec('units'));
  addSheet(workbook, sheetSpec('people'));
  const reasons = workbook.addWorksheet('说明 Notes');
  reasons.columns = [
    { header: '列 Column', key: 'column', width: 34 },
    { header: '填写说明 How to fill in', key: 'note', width: 90 },
  ];
  reasons.getRow(1).font = { bold: true };
  for (const [column, note] of NOTES) reasons.addRow({ column, note });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const NOTES: Array<[string, string]> = [
  ['单位类型 Unit kind', UNIT_KINDS.map((k) => `${LABELS.unitKind[k]['zh-CN']} / ${k}`).join('；')],
  [
    '上级单位编码 Parent unit code',
    '顶级单位留空（仅系统管理员）。Empty only for a top-level unit.',
  ],
  [
    '班子成员 Committee members',
    '工号:分管领域、分管领域；工号:分管领域 — staffNo:area、area; staffNo:area',
  ],
  ['领导干部 / 重点人员', '是/否、yes/no、true/false、1/0；留空为否。Empty means no.'],
  [
    '重点人员类别 Key person reasons',
    `${KEY_PERSON_REASONS.map((r) => `${LABELS.keyPersonReason[r]['zh-CN']} / ${r}`).join('；')}。重点人员必填，其他人员留空。`,
  ],
  ['状态 Status', '在职 / active；已调离 / left。留空为在职。'],
];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One sheet as UTF-8 CSV with a BOM (so Excel opens the Chinese correctly). */
export function templateCsv(kind: SheetKind): Buffer {
  const spec: SheetSpec = sheetSpec(kind);
  const lines = [
    spec.columns.map((c) => csvField(bilingual(c))).join(','),
    spec.columns.map((c) => csvField(c.example)).join(','),
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Content-Disposition with an ASCII name and the Chinese one for browsers that take it. */
export function attachment(asciiName: string, utf8Name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`;
}

/**
 * The rectification ledger as these offices keep it in Excel (整改台账): one row per item, the
 * columns in their order, Chinese headers by default, then the category and the mode. The same
 * layout is what the ledger import reads back.
 */
import {
  CADENCE_FIGURES,
  cadencePeriodLabel,
  dayOf,
  LABELS,
  type Language,
} from '@campaign/domain';
import {
  type CadenceReportRecord,
  emptyFigures,
  type LedgerItemEntity,
} from '@campaign/persistence';
import ExcelJS from 'exceljs';

export interface LedgerColumn {
  key: string;
  header: Record<Language, string>;
  width: number;
}

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'number', header: { 'zh-CN': '序号', en: 'No.' }, width: 6 },
  { key: 'description', header: { 'zh-CN': '问题', en: 'Problem' }, width: 40 },
  { key: 'source', header: { 'zh-CN': '来源', en: 'Source' }, width: 14 },
  { key: 'unit', header: { 'zh-CN': '单位', en: 'Unit' }, width: 20 },
  { key: 'persons', header: { 'zh-CN': '涉及人员', en: 'Persons concerned' }, width: 16 },
  { key: 'leader', header: { 'zh-CN': '责任领导', en: 'Responsible leader' }, width: 12 },
  {
    key: 'responsibleUnit',
    header: { 'zh-CN': '责任部门', en: 'Responsible department' },
    width: 20,
  },
  { key: 'person', header: { 'zh-CN': '责任人', en: 'Responsible person' }, width: 12 },
  { key: 'deadline', header: { 'zh-CN': '整改时限', en: 'Deadline' }, width: 12 },
  { key: 'acceptance', header: { 'zh-CN': '验收标准', en: 'Acceptance standard' }, width: 30 },
  { key: 'effect', header: { 'zh-CN': '预期效果', en: 'Expected effect' }, width: 24 },
  { key: 'measures', header: { 'zh-CN': '整改措施', en: 'Measures' }, width: 30 },
  { key: 'progress', header: { 'zh-CN': '最新进展', en: 'Latest progress' }, width: 30 },
  { key: 'status', header: { 'zh-CN': '状态', en: 'Status' }, width: 10 },
  { key: 'warning', header: { 'zh-CN': '预警等级', en: 'Warning' }, width: 10 },
  { key: 'closedOn', header: { 'zh-CN': '销号日期', en: 'Closed on' }, width: 12 },
  // Beyond the layout offices keep: what an import needs to register and assign a row again.
  { key: 'category', header: { 'zh-CN': '问题类别', en: 'Category' }, width: 14 },
  { key: 'mode', header: { 'zh-CN': '整改方式', en: 'Mode' }, width: 10 },
];

export const LEDGER_TITLE: Record<Language, string> = {
  'zh-CN': '整改台账',
  en: 'Rectification ledger',
};
const REHEARSAL: Record<Language, string> = { 'zh-CN': '【演练】', en: '[Rehearsal] ' };

export interface LedgerWorkbookInput {
  campaignTitle: string;
  rehearsal: boolean;
  items: LedgerItemEntity[];
  /** Names of the units and people the items name, by id. */
  names: ReadonlyMap<string, string>;
  /** The latest progress report's text per item. */
  latestProgress: ReadonlyMap<string, string>;
  /** The campaign's half-year analyses, oldest first, with the reader's units. */
  analyses: readonly CadenceReportRecord[];
  language: Language;
}

export const ANALYSIS_TITLE: Record<Language, string> = {
  'zh-CN': '半年分析',
  en: 'Half-year analysis',
};

/** The half-year analysis sheet: a row per half year and unit, with the bulletin's figures. */
export const ANALYSIS_COLUMNS: ReadonlyArray<{ header: Record<Language, string>; width: number }> =
  [
    { header: { 'zh-CN': '时段', en: 'Period' }, width: 14 },
    { header: { 'zh-CN': '单位', en: 'Unit' }, width: 24 },
    ...CADENCE_FIGURES.map((figure) => ({ header: LABELS.cadenceFigure[figure], width: 10 })),
    { header: { 'zh-CN': '点名通报', en: 'Named' }, width: 10 },
  ];
const TOTAL: Record<Language, string> = { 'zh-CN': '合计', en: 'Total' };

/** The workbook: a title row (marked for a rehearsal), the headers, one row per item. */
export async function ledgerWorkbook(input: LedgerWorkbookInput): Promise<Buffer> {
  const { language: lang, names } = input;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(LEDGER_TITLE[lang], {
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  const title = `${input.rehearsal ? REHEARSAL[lang] : ''}${input.campaignTitle} ${LEDGER_TITLE[lang]}`;
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  const header = sheet.addRow(LEDGER_COLUMNS.map((c) => c.header[lang]));
  header.font = { bold: true };
  LEDGER_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  const name = (id: string | null) => (id ? (names.get(id) ?? '') : '');
  const day = (d: Date | null) => (d ? dayOf(d.getTime()) : '');
  for (const item of input.items) {
    sheet.addRow([
      item.number,
      item.description,
      LABELS.itemSource[item.source][lang],
      name(item.unitId),
      item.personIds.map(name).join('、'),
      name(item.responsibleLeaderId),
      name(item.responsibleUnitId),
      name(item.responsiblePersonId),
      day(item.deadline),
      item.acceptanceStandard ?? '',
      item.expectedEffect ?? '',
      item.measures ?? '',
      input.latestProgress.get(item.id) ?? '',
      LABELS.itemStatus[item.status][lang],
      LABELS.warningLevel[item.warningLevel][lang],
      day(item.closedAt),
      LABELS.itemCategory[item.category][lang],
      item.mode ? LABELS.itemMode[item.mode][lang] : '',
    ]).alignment = { vertical: 'top', wrapText: true };
  }
  analysisSheet(workbook, input);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The half-year analyses (半年分析, 年中查账) on a sheet of their own after the ledger (the ledger
 * import reads the ledger's sheet only): for each half year, a row per unit with the figures and
 * the items named, then the half year's total.
 */
function analysisSheet(workbook: ExcelJS.Workbook, input: LedgerWorkbookInput): void {
  const lang = input.language;
  const sheet = workbook.addWorksheet(ANALYSIS_TITLE[lang], {
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  const title = `${input.rehearsal ? REHEARSAL[lang] : ''}${input.campaignTitle} ${LABELS.cadenceKind.analysis[lang]}`;
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, ANALYSIS_COLUMNS.length);
  sheet.addRow(ANALYSIS_COLUMNS.map((c) => c.header[lang])).font = { bold: true };
  ANALYSIS_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  for (const { report, units, named } of input.analyses) {
    const period = cadencePeriodLabel(report.period, lang);
    const namedIn = (unitId: string) => named.filter((n) => n.unitId === unitId).length;
    const totals = emptyFigures();
    for (const unit of units) {
      for (const figure of CADENCE_FIGURES) totals[figure] += unit.figures[figure] ?? 0;
      sheet.addRow([
        period,
        unit.unitName,
        ...CADENCE_FIGURES.map((figure) => unit.figures[figure] ?? 0),
        namedIn(unit.unitId),
      ]);
    }
    sheet.addRow([
      period,
      TOTAL[lang],
      ...CADENCE_FIGURES.map((figure) => totals[figure]),
      named.length,
    ]).font = { bold: true };
  }
}

/**
 * The roster format: two sheets (units, people), each a header row of bilingual "中文 English"
 * headers followed by one row per unit or person. Pure: no I/O.
 */

export const SHEET_KINDS = ['units', 'people'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export type UnitColumn = 'code' | 'name' | 'kind' | 'parentCode' | 'firstResponsible' | 'committee';

export type PersonColumn =
  | 'staffNumber'
  | 'name'
  | 'unitCode'
  | 'position'
  | 'email'
  | 'phone'
  | 'isLeader'
  | 'isKeyPerson'
  | 'keyPersonReasons'
  | 'status';

export type ColumnKey<S extends SheetKind> = S extends 'units' ? UnitColumn : PersonColumn;

export interface ColumnSpec<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  /** The column must be present in the header row (its cells may still be optional). */
  required: boolean;
  /** Width in the template, in characters. */
  width: number;
  /** Typed as text in the template, so Excel keeps leading zeros and long digit strings. */
  text?: boolean;
  /** What the template's example row holds. */
  example: string;
}

export interface SheetSpec<S extends SheetKind = SheetKind> {
  kind: S;
  zh: string;
  en: string;
  columns: ReadonlyArray<ColumnSpec<ColumnKey<S>>>;
}

export const UNITS_SHEET: SheetSpec<'units'> = {
  kind: 'units',
  zh: '单位',
  en: 'Units',
  columns: [
    {
      key: 'code',
      zh: '单位编码',
      en: 'Unit code',
      required: true,
      width: 18,
      text: true,
      example: 'SGAJ-XZZD',
    },
    {
      key: 'name',
      zh: '单位名称',
      en: 'Unit name',
      required: true,
      width: 28,
      example: '刑侦支队',
    },
    { key: 'kind', zh: '单位类型', en: 'Unit kind', required: true, width: 16, example: '科室' },
    {
      key: 'parentCode',
      zh: '上级单位编码',
      en: 'Parent unit code',
      required: true,
      width: 22,
      text: true,
      example: 'SGAJ',
    },
    {
      key: 'firstResponsible',
      zh: '第一责任人工号',
      en: 'First responsible staff number',
      required: false,
      width: 30,
      text: true,
      example: '100001',
    },
    {
      key: 'committee',
      zh: '班子成员',
      en: 'Committee members',
      required: false,
      width: 48,
      example: '100002:队伍建设、党风廉政;100003:刑事侦查',
    },
  ],
};

export const PEOPLE_SHEET: SheetSpec<'people'> = {
  kind: 'people',
  zh: '人员',
  en: 'People',
  columns: [
    {
      key: 'staffNumber',
      zh: '工号',
      en: 'Staff number',
      required: true,
      width: 16,
      text: true,
      example: '100001',
    },
    { key: 'name', zh: '姓名', en: 'Name', required: true, width: 14, example: '张伟' },
    {
      key: 'unitCode',
      zh: '单位编码',
      en: 'Unit code',
      required: true,
      width: 18,
      text: true,
      example: 'SGAJ-XZZD',
    },
    { key: 'position', zh: '职务', en: 'Position', required: false, width: 18, example: '支队长' },
    {
      key: 'email',
      zh: '电子邮箱',
      en: 'Email',
      required: false,
      width: 26,
      example: 'zhangwei@example.com',
    },
    {
      key: 'phone',
      zh: '联系电话',
      en: 'Phone',
      required: false,
      width: 18,
      text: true,
      example: '13800138000',
    },
    { key: 'isLeader', zh: '领导干部', en: 'Leader', required: false, width: 14, example: '是' },
    {
      key: 'isKeyPerson',
      zh: '重点人员',
      en: 'Key person',
      required: false,
      width: 16,
      example: '是',
    },
    {
      key: 'keyPersonReasons',
      zh: '重点人员类别',
      en: 'Key person reasons',
      required: false,
      width: 30,
      example: '管人、廉政风险岗位',
    },
    { key: 'status', zh: '状态', en: 'Status', required: false, width: 12, example: '在职' },
  ],
};

export function sheetSpec<S extends SheetKind>(kind: S): SheetSpec<S> {
  return (kind === 'units' ? UNITS_SHEET : PEOPLE_SHEET) as SheetSpec<S>;
}

/** "中文 English", as the template writes headers and sheet names. */
export function bilingual(item: { zh: string; en: string }): string {
  return `${item.zh} ${item.en}`;
}

/** Case-, width- and space-insensitive form of a header or sheet name. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_]+/g, '');
}

function accepted(item: { zh: string; en: string }): string[] {
  return [bilingual(item), item.zh, item.en].map(normaliseHeader);
}

/** The column a header names: the bilingual header, its Chinese part or its English part. */
export function matchColumn<S extends SheetKind>(
  sheet: SheetSpec<S>,
  header: string,
): ColumnKey<S> | undefined {
  const wanted = normaliseHeader(header);
  if (!wanted) return undefined;
  return sheet.columns.find((c) => accepted(c).includes(wanted))?.key;
}

/** Which sheet a worksheet name means, if any. */
export function matchSheet(name: string): SheetKind | undefined {
  const wanted = normaliseHeader(name);
  return SHEET_KINDS.find((kind) => accepted(sheetSpec(kind)).includes(wanted));
}

export function columnHeader<S extends SheetKind>(sheet: SheetSpec<S>, key: ColumnKey<S>): string {
  const column = sheet.columns.find((c) => c.key === key);
  return column ? bilingual(column) : key;
}

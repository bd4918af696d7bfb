import { describe, expect, it } from '@jest/globals';

import { cellProblem, parseLedger } from './ledger-import.js';

const records = (...rows: string[][]) => rows.map((cells, i) => ({ row: i + 1, cells }));
const HEADER = ['序号', '问题', '来源', '问题类别', '单位'];

describe('ledger cells', () => {
  it('applies the JSON routes’ rules: prose keeps line breaks and tabs, other cells are one line', () => {
    expect(cellProblem('description', '第一行\n第二行\t完')).toBeNull();
    expect(cellProblem('description', '坏\u0000')).toMatch(/NUL/);
    expect(cellProblem('description', '坏\uD800')).toMatch(/unpaired surrogate/);
    for (const c of ['\u0001', '\u000b', '\u007f']) {
      expect(cellProblem('description', `坏${c}`)).toMatch(/control characters/);
      expect(cellProblem('unit', `坏${c}`)).toMatch(/control characters/);
    }
    expect(cellProblem('unit', '两\n行')).toMatch(/control characters/);
  });

  it('names each bad cell by row and column, whatever else the row holds', () => {
    const read = parseLedger(
      records(
        HEADER,
        ['1', '饮酒\u0000。', '巡视巡察', '工作纪律', '某派出所'],
        ['2\u007f', '记录不全。', '巡视巡察', '工作纪律', '某派出所'],
      ),
    );
    expect(read.problems.map((p) => `${p.row}!${p.column}`)).toEqual(['2!问题', '3!序号']);
  });
});

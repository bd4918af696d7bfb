import { describe, expect, it } from '@jest/globals';

import { checkedEvidenceFiles, storedFileName } from './uploads.js';

const file = (originalname: string, content = 'x') => ({
  originalname,
  mimetype: 'application/pdf',
  size: Buffer.byteLength(content),
  buffer: Buffer.from(content),
});

describe('evidence file names', () => {
  it('cuts a long name by code points, never inside a character outside the BMP', () => {
    const name = `${'a'.repeat(254)}😀.pdf`;
    expect(name.slice(0, 255)).toMatch(/\uD83D$/); // what `.slice` did: half a character
    const stored = storedFileName(name);
    expect(Array.from(stored)).toHaveLength(255);
    expect(stored.endsWith('😀')).toBe(true);
  });

  it('keeps Chinese names as sent, NFC', () => {
    expect(checkedEvidenceFiles([file('整改报告.pdf')])[0].originalname).toBe('整改报告.pdf');
    expect(storedFileName('Cafe\u0301.pdf')).toBe('Café.pdf');
  });

  it('refuses NUL, unpaired surrogates, control and bidi characters, blank names and empty files, naming files', () => {
    for (const bad of [
      file('a\u0000.pdf'),
      file('a\uD800.pdf'),
      file('a\u0001.pdf'),
      file('a\u000b.pdf'),
      file('a\u007f.pdf'),
      file('report\u202Efdp.exe'),
      file('  '),
      file('empty.pdf', ''),
    ]) {
      expect(() => checkedEvidenceFiles([file('ok.pdf'), bad])).toThrow(
        expect.objectContaining({
          response: expect.objectContaining({
            statusCode: 400,
            errors: [{ field: 'files', messages: [expect.stringMatching(/file 2/)] }],
          }),
        }),
      );
    }
  });
});

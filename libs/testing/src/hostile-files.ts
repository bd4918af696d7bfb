import { constants as zlib, deflateRawSync } from 'node:zlib';

/**
 * Hostile uploads for tests: zips built entry by entry, so a test can write what a real archiver
 * never would (a declared size far from the truth).
 */
export interface ZipFileEntry {
  name: string;
  /** Raw deflate data, stored as it is (method 8). */
  deflated: Buffer;
  /** The uncompressed size the headers declare, true or not. */
  declaredSize: number;
}

/** A zip of deflated entries, declaring the sizes given (the CRC is not checked by readers here). */
export function zipOf(entries: ZipFileEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + entry.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const entry = (name: string, xml: string): ZipFileEntry => {
  const bytes = Buffer.from(xml, 'utf8');
  return { name, deflated: deflateRawSync(bytes), declaredSize: bytes.length };
};

/**
 * An .xlsx whose one sheet inflates to `inflatedMiB` MiB (a run of spaces inside sheetData)
 * while the zip declares `declaredSize` bytes for it. The run is deflated once, 1 MiB, and its
 * compressed block repeated (a full flush ends each on a byte boundary with no back-reference
 * across), so 1 GiB costs about 1 MB and no time to build.
 */
export function zipBombWorkbook(inflatedMiB = 1024, declaredSize = 1000): Buffer {
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const flush = { finishFlush: zlib.Z_FULL_FLUSH };
  const run = deflateRawSync(Buffer.alloc(2 ** 20, 0x20), flush);
  const sheet = Buffer.concat([
    deflateRawSync(head, flush),
    ...Array.from({ length: inflatedMiB }, () => run),
    deflateRawSync(Buffer.from('</sheetData></worksheet>')),
  ]);
  return zipOf([
    ...workbookSkeleton(),
    { name: 'xl/worksheets/sheet1.xml', deflated: sheet, declaredSize },
  ]);
}

/** A workbook of one sheet written as `sheetData` (rows of inline strings, say) and no more. */
export function workbookOfSheetXml(sheetData: string): Buffer {
  return zipOf([
    ...workbookSkeleton(),
    entry(
      'xl/worksheets/sheet1.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        `<sheetData>${sheetData}</sheetData></worksheet>`,
    ),
  ]);
}

/** The parts every workbook needs around its sheet: content types, relationships, one sheet. */
function workbookSkeleton(): ZipFileEntry[] {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
  return [
    entry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    entry(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${pkg}">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    entry(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${rel}">` +
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    entry(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${pkg}">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
}

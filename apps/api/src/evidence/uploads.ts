/**
 * Multipart uploads, one way for every route that takes files: evidence (`files` on item
 * progress and submission and on task completion) and imports (`file` on the roster and ledger
 * imports).
 *
 * - File names are read as UTF-8. Browsers and curl send a name's UTF-8 bytes as they are, and
 *   busboy reads parameters as latin1 unless told otherwise, which stored `整改报告.pdf` as
 *   `æ\x95´æ\x94¹…`.
 * - Evidence files are checked, every one, before anything is written: a name must be storable
 *   text (the edge's rule: no NUL, no unpaired surrogate) and one line a person can read (no
 *   control or bidirectional override characters, the rule of names on the JSON routes); it is
 *   cut to 255 characters by code points, never inside one, and NFC-normalised; an empty file is
 *   no evidence. Any bad file answers 400 naming `files`, and the request stores nothing.
 */
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, FilesInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';

import { invalidFields } from '../common/api-error.js';
import { unsafeTextProblem } from '../common/input-safety.js';
import { humanTextProblem } from '../common/text.js';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 5;
/** Roster and ledger files. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The `file_name` column: `varchar(255)`, counted in code points. */
export const MAX_FILE_NAME_LENGTH = 255;

export interface UploadedEvidenceFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** multer's options for every upload route (busboy's `defParamCharset` is not in Nest's type). */
function multerOptions(limits: { fileSize: number; files: number }) {
  return { limits, defParamCharset: 'utf8' } as { limits: typeof limits };
}

/** A name as it will be stored: cut to the column by code points, NFC. */
export function storedFileName(name: string): string {
  return Array.from(name.normalize('NFC')).slice(0, MAX_FILE_NAME_LENGTH).join('');
}

/** Why this evidence file cannot be taken, or null. Position `i` counts from 1 in messages. */
export function evidenceFileProblem(file: UploadedEvidenceFile, i: number): string | null {
  const name = file.originalname;
  const problem = unsafeTextProblem(name) ?? (name.trim() === '' ? 'must not be blank' : null);
  const named = problem ?? humanTextProblem(storedFileName(name));
  if (named) return `files: the name of file ${i} ${named}`;
  if (file.size === 0 || file.buffer.length === 0) return `files: file ${i} is empty`;
  return null;
}

/** Checks every evidence file and gives back their names as they will be stored; throws a 400. */
export function checkedEvidenceFiles(files: UploadedEvidenceFile[]): UploadedEvidenceFile[] {
  const problems = files
    .map((file, i) => evidenceFileProblem(file, i + 1))
    .filter((p): p is string => p !== null);
  if (problems.length > 0) throw invalidFields([{ field: 'files', messages: problems }]);
  return files.map((file) => ({ ...file, originalname: storedFileName(file.originalname) }));
}

/** Runs after multer: the files are in memory, nothing is written yet. */
@Injectable()
export class EvidenceFilesCheck implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ files?: UploadedEvidenceFile[] }>();
    if (Array.isArray(request.files)) request.files = checkedEvidenceFiles(request.files);
    return next.handle();
  }
}

/** Evidence files in the multipart field `files`: at most 5, 10 MB each, checked. */
export const EvidenceUpload = () =>
  applyDecorators(
    UseInterceptors(
      FilesInterceptor(
        'files',
        MAX_EVIDENCE_FILES,
        multerOptions({ fileSize: MAX_EVIDENCE_BYTES, files: MAX_EVIDENCE_FILES }),
      ),
      EvidenceFilesCheck,
    ),
  );

/** One import file in the multipart field `file`, at most 10 MB. */
export const ImportUpload = () =>
  UseInterceptors(FileInterceptor('file', multerOptions({ fileSize: MAX_UPLOAD_BYTES, files: 1 })));

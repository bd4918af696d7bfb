import type { EvidenceFile } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { EVIDENCE_STORAGE, type EvidenceStorage, sha256Of } from '../evidence/evidence-storage.js';
import type { UploadedEvidenceFile } from '../evidence/uploads.js';

/**
 * The files of an item's progress and completion reports. A report's row names its files by
 * content (sha256), so the same bytes may back several reports and tasks: they are written once
 * their report is recorded, and a refused report's files go only when nothing else holds them.
 */
@Injectable()
export class ItemEvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  /** What a report records of its files (names checked and cut to the column at the edge: uploads.ts). */
  describe(files: UploadedEvidenceFile[]): EvidenceFile[] {
    return files.map((file) => ({
      fileName: file.originalname,
      contentType: file.mimetype.slice(0, 100),
      sizeBytes: file.size,
      sha256: sha256Of(file.buffer),
    }));
  }

  /** Writes the files of a report just recorded. */
  async store(files: UploadedEvidenceFile[]): Promise<void> {
    for (const file of files) await this.storage.put(file.buffer);
  }

  /**
   * Removes the files of a refused report that no evidence holds: kept by their content, the
   * same bytes may back another report or task, which keeps them.
   */
  async discardUnheld(files: EvidenceFile[]): Promise<void> {
    if (files.length === 0) return;
    const unheld: Array<{ sha256: string }> = await this.dataSource.query(
      `SELECT s AS sha256 FROM unnest($1::text[]) s
       WHERE NOT EXISTS (SELECT 1 FROM task_evidence t WHERE t.sha256 = s)
         AND NOT EXISTS (SELECT 1 FROM ledger_reports r
                         WHERE r.files @> jsonb_build_array(jsonb_build_object('sha256', s)))`,
      [files.map((f) => f.sha256)],
    );
    for (const { sha256 } of unheld) await this.storage.discard(sha256);
  }
}

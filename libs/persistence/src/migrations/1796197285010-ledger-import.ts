import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerImport1796197285010 implements MigrationInterface {
  name = 'LedgerImport1796197285010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ledger_imports" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "file_hash" character(64) NOT NULL, "imported_by_person_id" uuid NOT NULL, "rows" integer NOT NULL, "created" integer NOT NULL, "unchanged" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f848db3cc9e1555f434117c7a65" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_ledger_imports_file" ON "ledger_imports"  ("campaign_id", "file_hash") ',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_items" ADD "workflow_started_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_reports" ADD "details" jsonb NOT NULL DEFAULT '{}'`,
    );
    // Items registered before this migration were started before their registration answered.
    await queryRunner.query('UPDATE "ledger_items" SET "workflow_started_at" = "created_at"');
    await queryRunner.query('ALTER TABLE "ledger_items" ADD "imported_assignment" jsonb');
    await queryRunner.query('ALTER TABLE "ledger_items" ADD "import_id" uuid');
    await queryRunner.query('ALTER TABLE "ledger_items" ADD "import_key" character varying(64)');
    await queryRunner.query('ALTER TABLE "ledger_items" ADD "import_hash" character(64)');
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_items_import" ON "ledger_items"  ("import_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_items_starting" ON "ledger_items"  ("created_at") WHERE workflow_started_at IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_ledger_items_import_key" ON "ledger_items"  ("campaign_id", "import_key") WHERE import_key IS NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_imports" ADD CONSTRAINT "FK_c8150a6bf83331c20b662dc787e" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "ledger_reports" DROP COLUMN "details"');
    await queryRunner.query(
      'ALTER TABLE "ledger_imports" DROP CONSTRAINT "FK_c8150a6bf83331c20b662dc787e"',
    );
    await queryRunner.query('DROP INDEX "public"."uq_ledger_items_import_key"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_items_starting"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_items_import"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "import_hash"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "import_key"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "import_id"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "imported_assignment"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "workflow_started_at"');
    await queryRunner.query('DROP INDEX "public"."uq_ledger_imports_file"');
    await queryRunner.query('DROP TABLE "ledger_imports"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ledger items whose workflow step failed for good wait, parked, for a retry. */
export class ParkedItems1796650000000 implements MigrationInterface {
  name = 'ParkedItems1796650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "ledger_items" ADD "parked_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "ledger_items" ADD "parked_reason" character varying(120)',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_items_parked" ON "ledger_items"  ("parked_at") WHERE parked_at IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_ledger_items_parked"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "parked_reason"');
    await queryRunner.query('ALTER TABLE "ledger_items" DROP COLUMN "parked_at"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessHardening1796645380607 implements MigrationInterface {
  name = 'AccessHardening1796645380607';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "rate_limit_counters" ("key" character varying(100) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fff95af8f500fb050737753e12e" PRIMARY KEY ("key", "window_start"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_rate_limit_counters_expires" ON "rate_limit_counters"  ("expires_at") ',
    );
    await queryRunner.query('ALTER TABLE "refresh_tokens" ADD "successor_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "refresh_tokens" DROP COLUMN "successor_id"');
    await queryRunner.query('DROP INDEX "public"."idx_rate_limit_counters_expires"');
    await queryRunner.query('DROP TABLE "rate_limit_counters"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cadence1796197615005 implements MigrationInterface {
  name = 'Cadence1796197615005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "cadence_reports" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "period" character varying(8) NOT NULL, "period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "produced_campaign_at" TIMESTAMP WITH TIME ZONE NOT NULL, "produced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rehearsal" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_4dffab6fe0265d7a98e82b9437a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_cadence_reports_period" ON "cadence_reports"  ("campaign_id", "kind", "period") ',
    );
    await queryRunner.query(
      'CREATE TABLE "cadence_unit_figures" ("report_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "unit_name" character varying(200) NOT NULL, "figures" jsonb NOT NULL, CONSTRAINT "PK_8caff6405f953c8f44b01496824" PRIMARY KEY ("report_id", "unit_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "cadence_bulletin_items" ("report_id" uuid NOT NULL, "item_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "unit_name" character varying(200) NOT NULL, "number" integer NOT NULL, "description" text NOT NULL, "status" character varying(16) NOT NULL, "rung" character varying(24), "deadline" TIMESTAMP WITH TIME ZONE, "reasons" character varying(16) array NOT NULL, "rungs" jsonb NOT NULL DEFAULT \'[]\', CONSTRAINT "PK_ff5d39cd0d224ca94cf213f9bc5" PRIMARY KEY ("report_id", "item_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_cadence_bulletin_items_unit" ON "cadence_bulletin_items"  ("unit_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "cadence_reports" ADD CONSTRAINT "FK_e914e60061f50bb146c365f0cb9" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cadence_unit_figures" ADD CONSTRAINT "FK_f48f578e11f02242616c6307e32" FOREIGN KEY ("report_id") REFERENCES "cadence_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cadence_bulletin_items" ADD CONSTRAINT "FK_4ebfa8eb088e3710ea8be34e522" FOREIGN KEY ("report_id") REFERENCES "cadence_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "cadence_bulletin_items" DROP CONSTRAINT "FK_4ebfa8eb088e3710ea8be34e522"',
    );
    await queryRunner.query(
      'ALTER TABLE "cadence_unit_figures" DROP CONSTRAINT "FK_f48f578e11f02242616c6307e32"',
    );
    await queryRunner.query(
      'ALTER TABLE "cadence_reports" DROP CONSTRAINT "FK_e914e60061f50bb146c365f0cb9"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_cadence_bulletin_items_unit"');
    await queryRunner.query('DROP TABLE "cadence_bulletin_items"');
    await queryRunner.query('DROP TABLE "cadence_unit_figures"');
    await queryRunner.query('DROP INDEX "public"."uq_cadence_reports_period"');
    await queryRunner.query('DROP TABLE "cadence_reports"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795324749710 implements MigrationInterface {
  name = 'InitialSchema1795324749710';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "campaign_phases" ("campaign_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "position" smallint NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE, "opened_early" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_be0d2656353285642457dfd579f" PRIMARY KEY ("campaign_id", "kind"))',
    );
    await queryRunner.query(
      'CREATE TABLE "campaigns" ("id" uuid NOT NULL, "title" character varying(200) NOT NULL, "covered_unit_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "current_phase" character varying(32), "workflow_id" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_980ad535a21030256e9b5e0d3fd" UNIQUE ("workflow_id"), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_campaigns_covered_unit" ON "campaigns"  ("covered_unit_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_campaigns_created_at" ON "campaigns"  ("created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_phases" ADD CONSTRAINT "FK_78700904b6484c5605775ddf950" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "campaign_phases" DROP CONSTRAINT "FK_78700904b6484c5605775ddf950"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_campaigns_created_at"');
    await queryRunner.query('DROP INDEX "public"."idx_campaigns_covered_unit"');
    await queryRunner.query('DROP TABLE "campaigns"');
    await queryRunner.query('DROP TABLE "campaign_phases"');
  }
}

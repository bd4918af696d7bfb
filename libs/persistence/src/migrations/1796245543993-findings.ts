import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Findings1796245543993 implements MigrationInterface {
  name = 'Findings1796245543993';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "problems" ADD "report_back_handling" text');
    await queryRunner.query('ALTER TABLE "problems" ADD "reported_back_by_person_id" uuid');
    await queryRunner.query('CREATE INDEX "idx_problems_meeting" ON "problems"  ("meeting_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_problems_meeting"');
    await queryRunner.query('ALTER TABLE "problems" DROP COLUMN "reported_back_by_person_id"');
    await queryRunner.query('ALTER TABLE "problems" DROP COLUMN "report_back_handling"');
  }
}

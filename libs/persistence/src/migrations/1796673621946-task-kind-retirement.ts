import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskKindRetirement1796673621946 implements MigrationInterface {
  name = 'TaskKindRetirement1796673621946';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "task_kinds" ADD "retired_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "task_kinds" ADD "retired_by_person_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "task_kinds" DROP COLUMN "retired_by_person_id"');
    await queryRunner.query('ALTER TABLE "task_kinds" DROP COLUMN "retired_at"');
  }
}

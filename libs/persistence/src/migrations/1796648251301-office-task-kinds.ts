import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OfficeTaskKinds1796648251301 implements MigrationInterface {
  name = 'OfficeTaskKinds1796648251301';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "task_kinds" ("id" uuid NOT NULL, "owner_unit_id" uuid NOT NULL, "name" jsonb NOT NULL, "needs_attendance" boolean NOT NULL DEFAULT false, "needs_evidence" boolean NOT NULL DEFAULT false, "needs_answers" boolean NOT NULL DEFAULT false, "created_by_person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e7c9a0f5dc7496f41abed25efd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_task_kinds_owner" ON "task_kinds"  ("owner_unit_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "task_kinds" ADD CONSTRAINT "FK_7db3aa53f4c6e0019f97eb97034" FOREIGN KEY ("owner_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "task_kinds" DROP CONSTRAINT "FK_7db3aa53f4c6e0019f97eb97034"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_task_kinds_owner"');
    await queryRunner.query('DROP TABLE "task_kinds"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarYears1796156359731 implements MigrationInterface {
  name = 'CalendarYears1796156359731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "calendar_years" ("year" integer NOT NULL, "holidays" jsonb NOT NULL, "makeup_workdays" jsonb NOT NULL, "changed_by_person_id" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))',
    );
    await queryRunner.query(
      'ALTER TABLE "calendar_years" ADD CONSTRAINT "FK_2e476d9b2ea1105329e59f5f96d" FOREIGN KEY ("changed_by_person_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "calendar_years" DROP CONSTRAINT "FK_2e476d9b2ea1105329e59f5f96d"',
    );
    await queryRunner.query('DROP TABLE "calendar_years"');
  }
}

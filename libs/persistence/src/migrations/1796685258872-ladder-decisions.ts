import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LadderDecisions1796685258872 implements MigrationInterface {
  name = 'LadderDecisions1796685258872';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ladder_decisions" ("id" uuid NOT NULL, "key" character varying(200) NOT NULL, "item_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "desk_unit_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "levels_up" smallint NOT NULL, "desk_person_ids" uuid array NOT NULL DEFAULT \'{}\', "rung" character varying(24) NOT NULL, "step" smallint NOT NULL, "steps" smallint NOT NULL, "reason" character varying(32) NOT NULL, "status" character varying(12) NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decide_by" TIMESTAMP WITH TIME ZONE NOT NULL, "previous_key" character varying(200), "candidates" jsonb NOT NULL DEFAULT \'[]\', "closed_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "decision_reason" text, "deferred_until" TIMESTAMP WITH TIME ZONE, "accountable" jsonb NOT NULL DEFAULT \'[]\', "document_number" character varying(40), "rehearsal" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_06a2ac3d9f7ccc4c502434d872a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_ladder_decisions_key" ON "ladder_decisions"  ("key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ladder_decisions_item" ON "ladder_decisions"  ("item_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ladder_decisions_desk" ON "ladder_decisions"  ("desk_unit_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ladder_decisions_campaign_status" ON "ladder_decisions"  ("campaign_id", "status") ',
    );
    await queryRunner.query(
      'ALTER TABLE "ladder_decisions" ADD CONSTRAINT "FK_65af433b149231a34a8501e7005" FOREIGN KEY ("item_id") REFERENCES "ledger_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "ladder_decisions" DROP CONSTRAINT "FK_65af433b149231a34a8501e7005"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_ladder_decisions_campaign_status"');
    await queryRunner.query('DROP INDEX "public"."idx_ladder_decisions_desk"');
    await queryRunner.query('DROP INDEX "public"."idx_ladder_decisions_item"');
    await queryRunner.query('DROP INDEX "public"."uq_ladder_decisions_key"');
    await queryRunner.query('DROP TABLE "ladder_decisions"');
  }
}

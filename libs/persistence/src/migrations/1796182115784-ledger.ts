import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1796182115784 implements MigrationInterface {
  name = 'Ledger1796182115784';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ledger_items" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "number" integer NOT NULL, "unit_id" uuid NOT NULL, "person_ids" uuid array NOT NULL DEFAULT \'{}\', "description" text NOT NULL, "source" character varying(24) NOT NULL, "source_round" integer, "category" character varying(32) NOT NULL, "registered_by_person_id" uuid NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rehearsal" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT \'registered\', "warning_level" character varying(8) NOT NULL DEFAULT \'green\', "rung" character varying(24), "overdue" boolean NOT NULL DEFAULT false, "mode" character varying(16), "responsible_leader_id" uuid, "responsible_unit_id" uuid, "responsible_person_id" uuid, "supervising_leader_id" uuid, "deadline" TIMESTAMP WITH TIME ZONE, "original_deadline" TIMESTAMP WITH TIME ZONE, "cumulative_delay_ms" bigint NOT NULL DEFAULT \'0\', "acceptance_standard" text, "expected_effect" text, "measures" text, "yellow_warnings" integer NOT NULL DEFAULT \'0\', "repeat_offences" integer NOT NULL DEFAULT \'0\', "last_progress_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "seq" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9035468c9808856c320bb957569" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_ledger_items_unit" ON "ledger_items"  ("unit_id") ');
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_items_responsible_person" ON "ledger_items"  ("responsible_person_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_items_campaign_status" ON "ledger_items"  ("campaign_id", "status") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_ledger_items_number" ON "ledger_items"  ("campaign_id", "number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "accountability_entries" ("id" uuid NOT NULL, "key" character varying(200) NOT NULL, "item_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "rung" character varying(24) NOT NULL, "level" character varying(8), "reason" character varying(32), "at" TIMESTAMP WITH TIME ZONE NOT NULL, "recipients" jsonb NOT NULL DEFAULT \'[]\', "accountable" uuid array NOT NULL DEFAULT \'{}\', "document_number" character varying(40), "respond_by" TIMESTAMP WITH TIME ZONE, "rehearsal" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_89c775e3acd87651155da448ed6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_accountability_entries_key" ON "accountability_entries"  ("key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_accountability_item" ON "accountability_entries"  ("item_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_accountability_unit" ON "accountability_entries"  ("unit_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_accountability_campaign_at" ON "accountability_entries"  ("campaign_id", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ledger_extensions" ("id" uuid NOT NULL, "item_id" uuid NOT NULL, "requested_by_person_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "requested_deadline" character varying(10) NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'pending\', "decided_by_person_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "deadline_before" TIMESTAMP WITH TIME ZONE, "deadline_after" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_80077608ccaffd60e0581f5cbea" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_extensions_item" ON "ledger_extensions"  ("item_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ledger_item_events" ("id" BIGSERIAL NOT NULL, "key" character varying(200) NOT NULL, "item_id" uuid NOT NULL, "seq" integer NOT NULL, "kind" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_person_id" uuid, "request_id" character varying(128), "status" character varying(16) NOT NULL, "details" jsonb NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3653db546ce0a3f77738151d0c0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_ledger_item_events_key" ON "ledger_item_events"  ("key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_item_events_item" ON "ledger_item_events"  ("item_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ledger_reports" ("id" uuid NOT NULL, "item_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "text" text NOT NULL, "link" character varying(2000), "files" jsonb NOT NULL DEFAULT \'[]\', "reported_by_person_id" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e973f0555acf781d7c1ae126eea" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_ledger_reports_item" ON "ledger_reports"  ("item_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_items" ADD CONSTRAINT "FK_2ebbecdfb9200a19df0088af96f" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_items" ADD CONSTRAINT "FK_f3a7f30618e43b1eee22c4141ef" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "accountability_entries" ADD CONSTRAINT "FK_bd9d9e0494a419ea4b354f2ac78" FOREIGN KEY ("item_id") REFERENCES "ledger_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_extensions" ADD CONSTRAINT "FK_72c0ebbb4e6f091ef6b2260caba" FOREIGN KEY ("item_id") REFERENCES "ledger_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_item_events" ADD CONSTRAINT "FK_d72f6a86ed8b17d4bc5906ed7bc" FOREIGN KEY ("item_id") REFERENCES "ledger_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_reports" ADD CONSTRAINT "FK_4e0eb2071db39fcac9de97cd311" FOREIGN KEY ("item_id") REFERENCES "ledger_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "ledger_reports" DROP CONSTRAINT "FK_4e0eb2071db39fcac9de97cd311"',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_item_events" DROP CONSTRAINT "FK_d72f6a86ed8b17d4bc5906ed7bc"',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_extensions" DROP CONSTRAINT "FK_72c0ebbb4e6f091ef6b2260caba"',
    );
    await queryRunner.query(
      'ALTER TABLE "accountability_entries" DROP CONSTRAINT "FK_bd9d9e0494a419ea4b354f2ac78"',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_items" DROP CONSTRAINT "FK_f3a7f30618e43b1eee22c4141ef"',
    );
    await queryRunner.query(
      'ALTER TABLE "ledger_items" DROP CONSTRAINT "FK_2ebbecdfb9200a19df0088af96f"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_ledger_reports_item"');
    await queryRunner.query('DROP TABLE "ledger_reports"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_item_events_item"');
    await queryRunner.query('DROP INDEX "public"."uq_ledger_item_events_key"');
    await queryRunner.query('DROP TABLE "ledger_item_events"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_extensions_item"');
    await queryRunner.query('DROP TABLE "ledger_extensions"');
    await queryRunner.query('DROP INDEX "public"."idx_accountability_campaign_at"');
    await queryRunner.query('DROP INDEX "public"."idx_accountability_unit"');
    await queryRunner.query('DROP INDEX "public"."idx_accountability_item"');
    await queryRunner.query('DROP INDEX "public"."uq_accountability_entries_key"');
    await queryRunner.query('DROP TABLE "accountability_entries"');
    await queryRunner.query('DROP INDEX "public"."uq_ledger_items_number"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_items_campaign_status"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_items_responsible_person"');
    await queryRunner.query('DROP INDEX "public"."idx_ledger_items_unit"');
    await queryRunner.query('DROP TABLE "ledger_items"');
  }
}

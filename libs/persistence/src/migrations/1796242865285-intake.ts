import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Intake1796242865285 implements MigrationInterface {
  name = 'Intake1796242865285';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "problems" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "person_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "item_id" uuid NOT NULL, "channel" character varying(24) NOT NULL, "source_round" integer, "category" character varying(32) NOT NULL, "clarification_item" smallint, "severity" character varying(8) NOT NULL, "handling" character varying(16) NOT NULL, "found_by_unit_id" uuid NOT NULL, "disclosure" character varying(24) NOT NULL, "statement_id" uuid, "tip_off_id" uuid, "meeting_id" uuid, "portrait_source" character varying(16), "registered_by_person_id" uuid NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "report_back" text, "reported_back_at" TIMESTAMP WITH TIME ZONE, "rehearsal" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_bf6e47a2b0fd47b460af961c3fd" UNIQUE ("item_id"), CONSTRAINT "UQ_ff878ec0c33dba3907e4289176e" UNIQUE ("tip_off_id"), CONSTRAINT "PK_b3994afba6ab64a42cda1ccaeff" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_problems_campaign" ON "problems"  ("campaign_id", "unit_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_problems_person" ON "problems"  ("person_id", "registered_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "concealment_flags" ("id" uuid NOT NULL, "problem_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "person_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "clarification_item" smallint NOT NULL, "statement_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'open\', "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by_person_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "reason" text, CONSTRAINT "UQ_5d001245eacd359b6f67a15f766" UNIQUE ("problem_id"), CONSTRAINT "PK_b1866b55f4dced7946161c3f596" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_concealment_flags_person" ON "concealment_flags"  ("person_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_concealment_flags_unit" ON "concealment_flags"  ("unit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "dispositions" ("id" uuid NOT NULL, "problem_id" uuid NOT NULL, "form" smallint NOT NULL, "measure" character varying(32) NOT NULL, "reason" text NOT NULL, "decided_by_person_id" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_910039d536836fd1ec73c6d7424" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_dispositions_problem" ON "dispositions"  ("problem_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "checklist_entries" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "person_id" uuid NOT NULL, "category" character varying(32) NOT NULL, "outcome" character varying(16) NOT NULL, "problem_id" uuid, "recorded_by_person_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0c4cd4f293724e4dec1dd601218" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_checklist_entries" ON "checklist_entries"  ("campaign_id", "person_id", "category") ',
    );
    await queryRunner.query(
      'CREATE TABLE "life_meetings" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "held_on" date NOT NULL, "title" character varying(200) NOT NULL, "recorded_by_person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d1ed969eac9a0c47c9c36f41ca3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_life_meetings_campaign" ON "life_meetings"  ("campaign_id", "unit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "rule_tasks" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "kind" character varying(16), "title" text NOT NULL, "loophole_tag" character varying(100), "linked_item_ids" uuid array NOT NULL DEFAULT \'{}\', "item_id" uuid, "origin_key" character varying(200), "created_by_person_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9744d8997161699bdbb2c416873" UNIQUE ("item_id"), CONSTRAINT "UQ_4bb6c63a2d4a7980f8a449ee418" UNIQUE ("origin_key"), CONSTRAINT "PK_7e4c1e3d43e83da891f448ccca2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_rule_tasks_campaign" ON "rule_tasks"  ("campaign_id", "unit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "statements" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "person_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "version" integer NOT NULL, "key_id" character varying(32) NOT NULL, "answers" bytea NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f53bcddeb706df7ea7eec10b8d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_statements_person" ON "statements"  ("person_id") ');
    await queryRunner.query('CREATE INDEX "idx_statements_unit" ON "statements"  ("unit_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_statements_version" ON "statements"  ("campaign_id", "person_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "tip_offs" ("id" uuid NOT NULL, "receipt_code" character varying(32) NOT NULL, "passphrase_hash" character varying(200) NOT NULL, "failed_attempts" integer NOT NULL DEFAULT \'0\', "locked_until" TIMESTAMP WITH TIME ZONE, "unit_id" uuid NOT NULL, "category" character varying(32) NOT NULL, "anonymous" boolean NOT NULL, "key_id" character varying(32) NOT NULL, "subject_name" bytea NOT NULL, "text" bytea NOT NULL, "reporter" bytea, "status" character varying(16) NOT NULL DEFAULT \'received\', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "problem_id" uuid, "handled_by_person_id" uuid, "handled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7174b7d9c63614075072a129b6a" UNIQUE ("receipt_code"), CONSTRAINT "PK_f1accea788b79f31f200e3ec433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_tip_offs_unit" ON "tip_offs"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "tip_off_messages" ("id" uuid NOT NULL, "tip_off_id" uuid NOT NULL, "author" character varying(16) NOT NULL, "author_person_id" uuid, "key_id" character varying(32) NOT NULL, "text" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fa44e75ef7fe30e4f78f00d56f6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_tip_off_messages_tip_off" ON "tip_off_messages"  ("tip_off_id") ',
    );
    // The audit trail is append-only: reads of confidential data and decisions are evidence.
    await queryRunner.query(
      `CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
       FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_no_truncate ON audit_events');
    await queryRunner.query('DROP TRIGGER audit_events_append_only ON audit_events');
    await queryRunner.query('DROP FUNCTION audit_events_append_only()');
    await queryRunner.query('DROP INDEX "public"."idx_tip_off_messages_tip_off"');
    await queryRunner.query('DROP TABLE "tip_off_messages"');
    await queryRunner.query('DROP INDEX "public"."idx_tip_offs_unit"');
    await queryRunner.query('DROP TABLE "tip_offs"');
    await queryRunner.query('DROP INDEX "public"."uq_statements_version"');
    await queryRunner.query('DROP INDEX "public"."idx_statements_unit"');
    await queryRunner.query('DROP INDEX "public"."idx_statements_person"');
    await queryRunner.query('DROP TABLE "statements"');
    await queryRunner.query('DROP INDEX "public"."idx_rule_tasks_campaign"');
    await queryRunner.query('DROP TABLE "rule_tasks"');
    await queryRunner.query('DROP INDEX "public"."idx_life_meetings_campaign"');
    await queryRunner.query('DROP TABLE "life_meetings"');
    await queryRunner.query('DROP INDEX "public"."uq_checklist_entries"');
    await queryRunner.query('DROP TABLE "checklist_entries"');
    await queryRunner.query('DROP INDEX "public"."idx_dispositions_problem"');
    await queryRunner.query('DROP TABLE "dispositions"');
    await queryRunner.query('DROP INDEX "public"."idx_concealment_flags_unit"');
    await queryRunner.query('DROP INDEX "public"."idx_concealment_flags_person"');
    await queryRunner.query('DROP TABLE "concealment_flags"');
    await queryRunner.query('DROP INDEX "public"."idx_problems_person"');
    await queryRunner.query('DROP INDEX "public"."idx_problems_campaign"');
    await queryRunner.query('DROP TABLE "problems"');
  }
}

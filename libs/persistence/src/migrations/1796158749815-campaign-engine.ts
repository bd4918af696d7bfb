import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignEngine1796158749815 implements MigrationInterface {
  name = 'CampaignEngine1796158749815';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("seq" bigint NOT NULL, "event_key" character varying(200) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_person_id" uuid, "action" character varying(64) NOT NULL, "subject_type" character varying(32) NOT NULL, "subject_id" uuid NOT NULL, "reason" text, "details" jsonb NOT NULL DEFAULT \'{}\', "source" character varying(200), "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "UQ_d2a4fa45d49c5e27fd4f8bb2b47" UNIQUE ("event_key"), CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_audit_events_actor" ON "audit_events"  ("actor_person_id", "at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_audit_events_subject" ON "audit_events"  ("subject_type", "subject_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "campaign_events" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "unit_id" uuid, "phase_index" smallint, "task_key" character varying(48), "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer, "details" jsonb NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fbe21b2e455706737b4a44a9255" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_campaign_events_time" ON "campaign_events"  ("campaign_id", "scheduled_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_campaign_events_key" ON "campaign_events"  ("campaign_id", "key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "campaign_tasks" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "phase_index" smallint NOT NULL, "task_key" character varying(48) NOT NULL, "kind" character varying(32) NOT NULL, "owner" character varying(16) NOT NULL, "required" boolean NOT NULL DEFAULT true, "unit_id" uuid NOT NULL, "person_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'open\', "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_person_id" uuid, "joined" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b772edcdcdaf504517ab9371374" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_campaign_tasks_person" ON "campaign_tasks"  ("person_id", "status") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_campaign_tasks_progress" ON "campaign_tasks"  ("campaign_id", "unit_id", "phase_index", "status") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_campaign_tasks_unit" ON "campaign_tasks"  ("campaign_id", "task_key", "unit_id") WHERE person_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_campaign_tasks_person" ON "campaign_tasks"  ("campaign_id", "task_key", "person_id") WHERE person_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "campaign_units" ("campaign_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, "added_later" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_9eb2ac15be45681f499c9dc3c26" PRIMARY KEY ("campaign_id", "unit_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_campaign_units_unit" ON "campaign_units"  ("unit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "campaign_gate_results" ("campaign_id" uuid NOT NULL, "phase_index" smallint NOT NULL, "unit_id" uuid NOT NULL, "member_owed" integer NOT NULL, "member_done" integer NOT NULL, "unit_owed" integer NOT NULL, "unit_done" integer NOT NULL, "passed" boolean NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a87ad252b1997218a6fb9b0a4c2" PRIMARY KEY ("campaign_id", "phase_index", "unit_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "idempotency_keys" ("account_id" uuid NOT NULL, "route" character varying(64) NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "resource_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_47fca5e1790898bfa6d78d4cdba" PRIMARY KEY ("account_id", "route", "key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "plan_templates" ("id" uuid NOT NULL, "name" jsonb NOT NULL, "description" jsonb NOT NULL, "owner_unit_id" uuid NOT NULL, "based_on_id" uuid, "plan" jsonb NOT NULL, "created_by_person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e59f68cfae4005422637b12102f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_plan_templates_owner" ON "plan_templates"  ("owner_unit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "task_evidence" ("id" uuid NOT NULL, "task_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "text" text, "answers" jsonb, "url" character varying(2000), "file_name" character varying(255), "content_type" character varying(100), "size_bytes" integer, "sha256" character varying(64), "recorded_by_person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0d3887b62a2d49ec17d54ce175" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_task_evidence_task" ON "task_evidence"  ("task_id") ',
    );
    await queryRunner.query('ALTER TABLE "campaign_phases" ADD "name" jsonb');
    await queryRunner.query(
      'ALTER TABLE "campaign_phases" ADD "planned_starts_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_phases" ADD "planned_ends_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_phases" ADD "closed_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query('ALTER TABLE "campaign_phases" ADD "units_below_gate" integer');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "plan" jsonb');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "template_id" uuid');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "issuing_unit_id" uuid');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "launched_by_person_id" uuid');
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD "rehearsal" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD "time_scale" double precision NOT NULL DEFAULT \'1\'',
    );
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD "clock_campaign_anchor" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD "clock_workflow_anchor" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD "send_email" boolean NOT NULL DEFAULT true',
    );
    await queryRunner.query('ALTER TABLE "campaigns" ADD "launched_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "campaigns" ADD "paused_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "campaign_events" ADD CONSTRAINT "FK_6e6bbd9055306407655634d9172" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_tasks" ADD CONSTRAINT "FK_e50337e5585d9b16f633db6e2ab" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_tasks" ADD CONSTRAINT "FK_2c11834c4ab46fa744eaeb61a26" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_tasks" ADD CONSTRAINT "FK_e08c2d197b0e744981557a5eef2" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_units" ADD CONSTRAINT "FK_79bbe24f90a4988873f6b5d72c0" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_units" ADD CONSTRAINT "FK_cebc8b07d2d851cc9b1d138b972" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_gate_results" ADD CONSTRAINT "FK_24593b0701cc1b942db23f1f7b7" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "plan_templates" ADD CONSTRAINT "FK_ab39a900c581c4c9b3b13f5a90d" FOREIGN KEY ("owner_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "task_evidence" ADD CONSTRAINT "FK_73942f3b3b9d8a6e1d6b53b545f" FOREIGN KEY ("task_id") REFERENCES "campaign_tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "task_evidence" DROP CONSTRAINT "FK_73942f3b3b9d8a6e1d6b53b545f"',
    );
    await queryRunner.query(
      'ALTER TABLE "plan_templates" DROP CONSTRAINT "FK_ab39a900c581c4c9b3b13f5a90d"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_gate_results" DROP CONSTRAINT "FK_24593b0701cc1b942db23f1f7b7"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_units" DROP CONSTRAINT "FK_cebc8b07d2d851cc9b1d138b972"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_units" DROP CONSTRAINT "FK_79bbe24f90a4988873f6b5d72c0"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_tasks" DROP CONSTRAINT "FK_e08c2d197b0e744981557a5eef2"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_tasks" DROP CONSTRAINT "FK_2c11834c4ab46fa744eaeb61a26"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_tasks" DROP CONSTRAINT "FK_e50337e5585d9b16f633db6e2ab"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaign_events" DROP CONSTRAINT "FK_6e6bbd9055306407655634d9172"',
    );
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "paused_at"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "launched_at"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "send_email"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "clock_workflow_anchor"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "clock_campaign_anchor"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "time_scale"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "rehearsal"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "launched_by_person_id"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "issuing_unit_id"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "template_id"');
    await queryRunner.query('ALTER TABLE "campaigns" DROP COLUMN "plan"');
    await queryRunner.query('ALTER TABLE "campaign_phases" DROP COLUMN "units_below_gate"');
    await queryRunner.query('ALTER TABLE "campaign_phases" DROP COLUMN "closed_at"');
    await queryRunner.query('ALTER TABLE "campaign_phases" DROP COLUMN "planned_ends_at"');
    await queryRunner.query('ALTER TABLE "campaign_phases" DROP COLUMN "planned_starts_at"');
    await queryRunner.query('ALTER TABLE "campaign_phases" DROP COLUMN "name"');
    await queryRunner.query('DROP INDEX "public"."idx_task_evidence_task"');
    await queryRunner.query('DROP TABLE "task_evidence"');
    await queryRunner.query('DROP INDEX "public"."idx_plan_templates_owner"');
    await queryRunner.query('DROP TABLE "plan_templates"');
    await queryRunner.query('DROP TABLE "idempotency_keys"');
    await queryRunner.query('DROP TABLE "campaign_gate_results"');
    await queryRunner.query('DROP INDEX "public"."idx_campaign_units_unit"');
    await queryRunner.query('DROP TABLE "campaign_units"');
    await queryRunner.query('DROP INDEX "public"."uq_campaign_tasks_person"');
    await queryRunner.query('DROP INDEX "public"."uq_campaign_tasks_unit"');
    await queryRunner.query('DROP INDEX "public"."idx_campaign_tasks_progress"');
    await queryRunner.query('DROP INDEX "public"."idx_campaign_tasks_person"');
    await queryRunner.query('DROP TABLE "campaign_tasks"');
    await queryRunner.query('DROP INDEX "public"."uq_campaign_events_key"');
    await queryRunner.query('DROP INDEX "public"."idx_campaign_events_time"');
    await queryRunner.query('DROP TABLE "campaign_events"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_events_subject"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_events_actor"');
    await queryRunner.query('DROP TABLE "audit_events"');
  }
}

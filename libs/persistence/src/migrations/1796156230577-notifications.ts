import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1796156230577 implements MigrationInterface {
  name = 'Notifications1796156230577';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL, "dedupe_key" character varying(300) NOT NULL, "channel" character varying(8) NOT NULL, "recipient_person_id" uuid NOT NULL, "campaign_id" uuid, "rehearsal" boolean NOT NULL DEFAULT false, "template_key" character varying(64) NOT NULL, "params" jsonb NOT NULL, "batch_key" character varying(200) NOT NULL, "urgency" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "lease_until" TIMESTAMP WITH TIME ZONE, "result" character varying(500), "message_id" character varying(200), "digest_id" uuid, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_notifications_dedupe" UNIQUE ("dedupe_key", "channel"), CONSTRAINT "chk_notifications_status" CHECK ("status" IN (\'pending\', \'sending\', \'sent\', \'failed\', \'skipped\', \'held\', \'digested\', \'delivered\')), CONSTRAINT "chk_notifications_urgency" CHECK ("urgency" IN (\'reminder\', \'escalation\')), CONSTRAINT "chk_notifications_channel" CHECK ("channel" IN (\'inbox\', \'email\')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notifications_campaign" ON "notifications"  ("campaign_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notifications_batch" ON "notifications"  ("batch_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notifications_digest" ON "notifications"  ("digest_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notifications_held" ON "notifications"  ("recipient_person_id") WHERE "status" = \'held\'',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notifications_due" ON "notifications"  ("next_attempt_at") WHERE "status" IN (\'pending\', \'sending\')',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_notifications_inbox" ON "notifications"  ("recipient_person_id", "created_at") WHERE "channel" = \'inbox\'',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_attempts" ("id" uuid NOT NULL, "notification_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" character varying(16) NOT NULL, "error_class" character varying(64), "smtp_code" integer, "smtp_response" character varying(500), CONSTRAINT "uq_notification_attempts" UNIQUE ("notification_id", "attempt"), CONSTRAINT "chk_notification_attempts_outcome" CHECK ("outcome" IN (\'sent\', \'retry\', \'failed\', \'skipped\')), CONSTRAINT "PK_f6abd34f351bbbf11c7ae8e7565" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_preferences" ("person_id" uuid NOT NULL, "language" character varying(8) NOT NULL DEFAULT \'zh-CN\', "reminder_delivery" character varying(16) NOT NULL DEFAULT \'immediate\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_notification_preferences_delivery" CHECK ("reminder_delivery" IN (\'immediate\', \'daily_digest\')), CONSTRAINT "chk_notification_preferences_language" CHECK ("language" IN (\'zh-CN\', \'en\')), CONSTRAINT "PK_57d4eb7d38306aef3208185725e" PRIMARY KEY ("person_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" ADD CONSTRAINT "FK_17ed84ed148d190e05f3a7ab4ec" FOREIGN KEY ("recipient_person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" ADD CONSTRAINT "FK_56b94248cf930d1adc7cc07dd63" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" ADD CONSTRAINT "FK_955bbffee8424b606c265d4d8cd" FOREIGN KEY ("digest_id") REFERENCES "notifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_attempts" ADD CONSTRAINT "FK_e68ad1df80d5ae0c1378753b54c" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_preferences" ADD CONSTRAINT "FK_57d4eb7d38306aef3208185725e" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_57d4eb7d38306aef3208185725e"',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_attempts" DROP CONSTRAINT "FK_e68ad1df80d5ae0c1378753b54c"',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" DROP CONSTRAINT "FK_955bbffee8424b606c265d4d8cd"',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" DROP CONSTRAINT "FK_56b94248cf930d1adc7cc07dd63"',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" DROP CONSTRAINT "FK_17ed84ed148d190e05f3a7ab4ec"',
    );
    await queryRunner.query('DROP TABLE "notification_preferences"');
    await queryRunner.query('DROP TABLE "notification_attempts"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_inbox"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_due"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_held"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_digest"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_batch"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_campaign"');
    await queryRunner.query('DROP TABLE "notifications"');
  }
}

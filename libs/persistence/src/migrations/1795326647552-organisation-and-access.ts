import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationAndAccess1795326647552 implements MigrationInterface {
  name = 'OrganisationAndAccess1795326647552';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Materialised paths for the unit tree; ltree is a trusted extension (PostgreSQL 13+).
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS ltree');
    await queryRunner.query(
      'CREATE TABLE "people" ("id" uuid NOT NULL, "staff_number" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "unit_id" uuid NOT NULL, "position" character varying(100) NOT NULL DEFAULT \'\', "email" character varying(200), "phone" character varying(32), "is_leader" boolean NOT NULL DEFAULT false, "is_key_person" boolean NOT NULL DEFAULT false, "key_person_reasons" character varying(32) array NOT NULL DEFAULT \'{}\', "status" character varying(16) NOT NULL DEFAULT \'active\', "left_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_81a1159a36e339d4ea34f3d9cde" UNIQUE ("staff_number"), CONSTRAINT "PK_aa866e71353ee94c6cc51059c5b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_people_unit" ON "people"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "units" ("id" uuid NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "parent_id" uuid, "path" ltree NOT NULL, "first_responsible_person_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_47635c1ab22d02fc3ebae3608b8" UNIQUE ("code"), CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_units_parent" ON "units"  ("parent_id") ');
    await queryRunner.query('CREATE INDEX "idx_units_path" ON "units" USING GIST ("path")');
    await queryRunner.query(
      'CREATE TABLE "accounts" ("id" uuid NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(200) NOT NULL, "person_id" uuid NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_477e3187cedfb5a3ac121e899c9" UNIQUE ("username"), CONSTRAINT "UQ_cecdd107ca499a5b3279f9f2cea" UNIQUE ("person_id"), CONSTRAINT "REL_cecdd107ca499a5b3279f9f2ce" UNIQUE ("person_id"), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "unit_committee_members" ("unit_id" uuid NOT NULL, "person_id" uuid NOT NULL, "areas" character varying(100) array NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_25d2931e7b36fe91f80a9fa9a48" PRIMARY KEY ("unit_id", "person_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_refresh_tokens_account" ON "refresh_tokens"  ("account_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "role_grants" ("id" uuid NOT NULL, "person_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "unit_id" uuid NOT NULL, "granted_by_person_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_role_grants" UNIQUE ("person_id", "role", "unit_id"), CONSTRAINT "PK_f7cf33da46b9f884f2d459e0eff" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_role_grants_person" ON "role_grants"  ("person_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "people" ADD CONSTRAINT "FK_0a7cb8b5060bda817be178bd91a" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "units" ADD CONSTRAINT "FK_e0d04b0849a3cde857ececa8adb" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "units" ADD CONSTRAINT "FK_ce2f1f2d7c687b0c5b387960f5e" FOREIGN KEY ("first_responsible_person_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    // NOT VALID: campaigns recorded before units existed keep loading; new rows are checked.
    await queryRunner.query(
      'ALTER TABLE "campaigns" ADD CONSTRAINT "FK_6c399ba83b94a8d71a21bc3ca3b" FOREIGN KEY ("covered_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION NOT VALID',
    );
    await queryRunner.query(
      'ALTER TABLE "accounts" ADD CONSTRAINT "FK_cecdd107ca499a5b3279f9f2cea" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "unit_committee_members" ADD CONSTRAINT "FK_b17e42b886a58080baf40d6001e" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "unit_committee_members" ADD CONSTRAINT "FK_a17ee6846ff2e93bf5018e53977" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_e7d078bbcae8ab94aa0d5f9015c" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_grants" ADD CONSTRAINT "FK_3d663872ac0b0aafa2c3feb5cf5" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_grants" ADD CONSTRAINT "FK_3d63c6a18fcacc7f6624c51a096" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_units_path"');
    await queryRunner.query(
      'ALTER TABLE "role_grants" DROP CONSTRAINT "FK_3d63c6a18fcacc7f6624c51a096"',
    );
    await queryRunner.query(
      'ALTER TABLE "role_grants" DROP CONSTRAINT "FK_3d663872ac0b0aafa2c3feb5cf5"',
    );
    await queryRunner.query(
      'ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_e7d078bbcae8ab94aa0d5f9015c"',
    );
    await queryRunner.query(
      'ALTER TABLE "unit_committee_members" DROP CONSTRAINT "FK_a17ee6846ff2e93bf5018e53977"',
    );
    await queryRunner.query(
      'ALTER TABLE "unit_committee_members" DROP CONSTRAINT "FK_b17e42b886a58080baf40d6001e"',
    );
    await queryRunner.query(
      'ALTER TABLE "accounts" DROP CONSTRAINT "FK_cecdd107ca499a5b3279f9f2cea"',
    );
    await queryRunner.query(
      'ALTER TABLE "campaigns" DROP CONSTRAINT "FK_6c399ba83b94a8d71a21bc3ca3b"',
    );
    await queryRunner.query('ALTER TABLE "units" DROP CONSTRAINT "FK_ce2f1f2d7c687b0c5b387960f5e"');
    await queryRunner.query('ALTER TABLE "units" DROP CONSTRAINT "FK_e0d04b0849a3cde857ececa8adb"');
    await queryRunner.query(
      'ALTER TABLE "people" DROP CONSTRAINT "FK_0a7cb8b5060bda817be178bd91a"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_role_grants_person"');
    await queryRunner.query('DROP TABLE "role_grants"');
    await queryRunner.query('DROP INDEX "public"."idx_refresh_tokens_account"');
    await queryRunner.query('DROP TABLE "refresh_tokens"');
    await queryRunner.query('DROP TABLE "unit_committee_members"');
    await queryRunner.query('DROP TABLE "accounts"');
    await queryRunner.query('DROP INDEX "public"."idx_units_parent"');
    await queryRunner.query('DROP TABLE "units"');
    await queryRunner.query('DROP INDEX "public"."idx_people_unit"');
    await queryRunner.query('DROP TABLE "people"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const KEY = 'campaign_id, unit_id, phase_index, task_key, due_at, status';

/** Adds (or, `sign` -1, takes away) the groups of a transition table to the counts. */
const apply = (rows: string, sign: '+' | '-') => `
    INSERT INTO campaign_task_counts AS c (${KEY}, n)
      SELECT ${KEY}, ${sign}count(*)::int FROM ${rows} GROUP BY ${KEY} ORDER BY ${KEY}
    ON CONFLICT (${KEY}) DO UPDATE SET n = c.n + EXCLUDED.n;`;

/**
 * The progress read model: task rows counted per (campaign, unit, phase, task, deadline,
 * status), kept in step with `campaign_tasks` by statement-level triggers, so a bulk insert
 * of 10,000 members' tasks or a schedule shift is one upsert per group, not per row.
 */
export class CampaignTaskCounts1796170273881 implements MigrationInterface {
  name = 'CampaignTaskCounts1796170273881';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "campaign_task_counts" ("campaign_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "phase_index" smallint NOT NULL, "task_key" character varying(48) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_6c7c0d56b57a2b71003e9ae4d9a" PRIMARY KEY ("campaign_id", "unit_id", "phase_index", "task_key", "due_at", "status"))',
    );
    await queryRunner.query(`
      CREATE FUNCTION campaign_task_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN ${apply('old_rows', '-')}
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN ${apply('new_rows', '+')}
        END IF;
        RETURN NULL;
      END $$`);
    // A trigger with transition tables takes one event: three triggers, one function.
    await queryRunner.query(
      `CREATE TRIGGER campaign_task_counts_insert AFTER INSERT ON campaign_tasks
         REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION campaign_task_counts_apply()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER campaign_task_counts_update AFTER UPDATE ON campaign_tasks
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION campaign_task_counts_apply()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER campaign_task_counts_delete AFTER DELETE ON campaign_tasks
         REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION campaign_task_counts_apply()`,
    );
    // Campaigns already running start from their rows as they stand.
    await queryRunner.query(
      `INSERT INTO campaign_task_counts (${KEY}, n)
         SELECT ${KEY}, count(*)::int FROM campaign_tasks GROUP BY ${KEY}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(`DROP TRIGGER campaign_task_counts_${event} ON campaign_tasks`);
    await queryRunner.query('DROP FUNCTION campaign_task_counts_apply()');
    await queryRunner.query('DROP TABLE "campaign_task_counts"');
  }
}

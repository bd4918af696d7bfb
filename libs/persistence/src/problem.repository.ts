import type { DataSource, EntityManager } from 'typeorm';

import { ConcealmentFlagEntity, ProblemEntity } from './entities/problem.entity.js';

export type NewProblem = Omit<ProblemEntity, 'createdAt' | 'reportBack' | 'reportedBackAt'>;

export type NewConcealmentFlag = Pick<
  ConcealmentFlagEntity,
  | 'id'
  | 'problemId'
  | 'campaignId'
  | 'personId'
  | 'unitId'
  | 'clarificationItem'
  | 'statementId'
  | 'raisedAt'
>;

/**
 * Problems found about people (the intake's one door, D4) and what the disclosure rules made of
 * them. A problem is written in the same transaction as its ledger item's row; its text is the
 * item's description (the office's or inspector's words), never a statement's or a tip-off's.
 */
export class ProblemRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async insertProblem(problem: NewProblem, tx: EntityManager): Promise<void> {
    await tx.getRepository(ProblemEntity).insert(problem);
  }

  async insertFlag(flag: NewConcealmentFlag, tx: EntityManager): Promise<void> {
    await tx.getRepository(ConcealmentFlagEntity).insert({ ...flag, status: 'open' });
  }

  async find(id: string, tx?: EntityManager): Promise<ProblemEntity | null> {
    return this.manager(tx).getRepository(ProblemEntity).findOneBy({ id });
  }

  async flagOf(problemId: string, tx?: EntityManager): Promise<ConcealmentFlagEntity | null> {
    return this.manager(tx).getRepository(ConcealmentFlagEntity).findOneBy({ problemId });
  }
}

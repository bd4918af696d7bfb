import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@campaign/config';
import {
  ITEM_COMMAND_REFUSED,
  ITEM_STEP_FAILED,
  type ItemCommand,
  itemCommandUpdate,
  type ItemRefusalDetails,
  itemWorkflowId,
  retryItemStepSignal,
} from '@campaign/contracts';
import { DomainError, RuleBrokenError, WrongStateError } from '@campaign/domain';
import type { LedgerItemEntity } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

import { refuseEnded } from '../campaigns/campaign-open.js';
import {
  repeatableWithinDeadline,
  TemporalDeadlineExceeded,
  withinDeadline,
} from '../temporal/deadline.js';
import { ItemAccess } from './item-access.service.js';

/**
 * A move the item's workflow certainly did not make — refused, no workflow to take it, its step
 * failed — carrying the error to answer with. Anything else (Temporal late or down) may still
 * be made.
 */
class MoveNotMade extends Error {
  constructor(readonly error: unknown) {
    super('the move was not made');
    this.name = 'MoveNotMade';
  }
}

/**
 * Every move after registration is an update of the item's own workflow (`item-<id>`), judged
 * by the ledger's core before anything changes: its refusal answers 409 (wrong state) or 422
 * (rule broken), an ended campaign or a workflow still starting 409, Temporal late or down 503.
 */
@Injectable()
export class ItemMoves {
  constructor(
    private readonly access: ItemAccess,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends a person's move to the item's workflow; the core's refusal becomes 409 or 422. */
  async command(item: LedgerItemEntity, command: ItemCommand & { note?: string }): Promise<void> {
    try {
      await this.move(item, command);
    } catch (error) {
      throw error instanceof MoveNotMade ? error.error : error;
    }
  }

  /**
   * A move whose record (a report, a request) is written before the workflow is asked, so the
   * workflow never names a row that does not exist: if the move is refused (or there is no
   * workflow to take it, or its step failed), `undo` removes the row again. Not when Temporal did
   * not answer in time (503): the update may still be applied, and its row must be there when it
   * is.
   */
  async commandUndoneIfRefused(
    item: LedgerItemEntity,
    command: ItemCommand & { note?: string },
    undo: () => Promise<void>,
  ): Promise<void> {
    try {
      await this.move(item, command);
    } catch (error) {
      if (error instanceof MoveNotMade) await undo();
      throw error instanceof MoveNotMade ? error.error : error;
    }
  }

  /**
   * Wakes a parked item's workflow to retry its failed step (the workflow records the step
   * itself, which clears the mark).
   */
  async retry(item: LedgerItemEntity): Promise<void> {
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.updateMs, () =>
        this.temporal.workflow.getHandle(itemWorkflowId(item.id)).signal(retryItemStepSignal),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new WrongStateError('the item is confirmed and its ledger line is closed');
      if (error instanceof ServiceError || error instanceof TemporalDeadlineExceeded)
        throw new DomainError('unavailable', 'the item could not be reached; try again shortly');
      throw error;
    }
  }

  /** `command`, telling a move certainly not made (`MoveNotMade`) from one whose fate is unknown. */
  private async move(
    item: LedgerItemEntity,
    command: ItemCommand & { note?: string },
  ): Promise<void> {
    const campaign = await this.access.campaignOf(item);
    try {
      refuseEnded(campaign);
    } catch (error) {
      throw new MoveNotMade(error);
    }
    if (item.workflowStartedAt === null)
      throw new MoveNotMade(
        new WrongStateError("the item's workflow is still starting; try again shortly"),
      );
    const requestId = randomUUID();
    try {
      await repeatableWithinDeadline(
        this.temporal,
        Date.now() + this.config.temporal.timeouts.updateMs,
        () =>
          this.temporal.workflow
            .getHandle(itemWorkflowId(item.id))
            .executeUpdate(itemCommandUpdate, {
              args: [{ ...command, requestId }],
              updateId: requestId,
            }),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === ITEM_COMMAND_REFUSED) {
          const details = error.cause.details?.[0] as ItemRefusalDetails | undefined;
          if (details?.code === 'rule_broken')
            throw new MoveNotMade(new RuleBrokenError(error.cause.message, details.violations));
          throw new MoveNotMade(new WrongStateError(error.cause.message));
        }
        if (error.cause.type === ITEM_STEP_FAILED) {
          // Bad data the worker could not record: nothing changed; a 500, logged by the edge.
          throw new MoveNotMade(error);
        }
      }
      if (error instanceof WorkflowNotFoundError)
        throw new MoveNotMade(
          new WrongStateError('the item is confirmed and its ledger line is closed'),
        );
      if (
        error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        error instanceof ServiceError ||
        error instanceof TemporalDeadlineExceeded
      ) {
        throw new DomainError('unavailable', 'the item did not confirm in time; try again shortly');
      }
      throw error;
    }
  }
}

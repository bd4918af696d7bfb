import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import { LedgerRepository } from '@campaign/persistence';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

import { Policy } from '../auth/policy.decorator.js';
import { ErrorBody } from '../common/api-error.js';
import { HEALTH_CONNECTION } from '../temporal/temporal.module.js';

/** Each dependency gets this long to answer before it counts as down. */
const CHECK_TIMEOUT_MS = 2_000;
/** Parked items named by id (the count is always whole). */
const PARKED_NAMED = 20;

/**
 * A worker counts as present when Temporal saw it poll the task queue this recently. A worker
 * waits on a poll up to a minute before it polls again, so an idle one is seen at least every
 * ~70 s; a worker gone is reported missing within this window.
 */
export const WORKER_SEEN_WITHIN_MS = 90_000;

type Check = { status: 'up' | 'down' };

class CheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
}

/** Ledger items parked on a step that failed for good (see `parkedItems`). */
class LedgerCheckView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty() parkedItems!: number;
  @ApiProperty({ type: [String], description: `The oldest ${PARKED_NAMED} parked items' ids` })
  itemIds!: string[];
}

class ChecksView {
  @ApiProperty({ type: CheckView }) postgres!: CheckView;
  @ApiProperty({ type: CheckView }) temporal!: CheckView;
  @ApiProperty({
    type: CheckView,
    description: 'A worker polls the task queue (else nothing moves: no phase, timer or update)',
  })
  worker!: CheckView;
  @ApiPropertyOptional({ type: LedgerCheckView, description: 'Absent when PostgreSQL is down' })
  ledger?: LedgerCheckView;
}

class HealthView {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: ChecksView }) checks!: ChecksView;
}

/** Down is also an error, so its body is the API's error body plus the checks. */
class HealthDownView extends HealthView {
  @ApiPropertyOptional({ example: 503 }) statusCode?: number;
  @ApiPropertyOptional({ example: 'unavailable' }) code?: string;
  @ApiPropertyOptional({ example: 'temporal is down' }) message?: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(HEALTH_CONNECTION) private readonly temporal: Connection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Policy('public')
  @ApiExtraModels(HealthDownView)
  @ApiOkResponse({
    type: HealthView,
    description: 'PostgreSQL and Temporal answer, and a worker polls the task queue',
  })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency is down',
    schema: {
      allOf: [{ $ref: getSchemaPath(ErrorBody) }, { $ref: getSchemaPath(HealthDownView) }],
    },
  })
  async check(@Res({ passthrough: true }) res: Response) {
    const deadline = Date.now() + CHECK_TIMEOUT_MS;
    const [postgres, temporal, worker] = await Promise.all([
      probe('postgres', this.logger, () => this.dataSource.query('SELECT 1')),
      probe('temporal', this.logger, () =>
        this.temporal.withDeadline(deadline, () => this.temporal.workflowService.getSystemInfo({})),
      ),
      probe('worker', this.logger, () => this.workerPolling(deadline)),
    ]);
    const required = { postgres, temporal, worker };
    const up = Object.values(required).every((check) => check.status === 'up');
    res.status(up ? 200 : 503);
    // Parked items degrade the ledger but leave the API up: it is the way to retry them.
    const ledger = postgres.status === 'up' ? await parkedItems(this.dataSource) : undefined;
    const checks = { ...required, ...(ledger ? { ledger } : {}) };
    if (up) return { status: 'ok', checks };
    const down = Object.entries(required)
      .filter(([, check]) => check.status === 'down')
      .map(([name]) => name);
    return {
      statusCode: 503,
      code: 'unavailable',
      message: `${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`,
      status: 'unavailable',
      checks,
    };
  }

  /**
   * Whether a worker polled the product's task queue for workflow tasks lately, as Temporal's
   * description of the queue tells (each poller with its last access). Without one the API still
   * accepts launches and controls, but nothing moves: an operator's probe must see that.
   */
  private async workerPolling(deadline: number): Promise<void> {
    const { pollers } = await this.temporal.withDeadline(deadline, () =>
      this.temporal.workflowService.describeTaskQueue({
        namespace: this.config.temporal.namespace,
        taskQueue: {
          name: this.config.temporal.taskQueue,
          kind: 1, // TASK_QUEUE_KIND_NORMAL
        },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      }),
    );
    const seen = Math.max(
      0,
      ...(pollers ?? []).map((p) => {
        const at = p.lastAccessTime;
        return at ? Number(at.seconds ?? 0) * 1000 + Math.floor((at.nanos ?? 0) / 1e6) : 0;
      }),
    );
    if (Date.now() - seen > WORKER_SEEN_WITHIN_MS) {
      throw new Error(`no worker polled the task queue in the last ${WORKER_SEEN_WITHIN_MS} ms`);
    }
  }
}

/**
 * One dependency's state. The reason for a failure goes to the log only: /health is public,
 * and driver errors name hosts, users and databases.
 */
async function probe(name: string, logger: Logger, fn: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    logger.warn(
      { dependency: name, reason: error instanceof Error ? error.message : String(error) },
      'health check failed',
    );
    return { status: 'down' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Parked ledger items (a workflow step failed for good and waits for the office's retry), by id
 * only: /health is public, and an id tells nothing. Degraded, not down: the API and the worker
 * serve everything else, and a 503 would take the API — the way to retry them — out of a load
 * balancer's rotation and have supervisors restart processes that are well.
 */
async function parkedItems(dataSource: DataSource): Promise<LedgerCheckView | undefined> {
  try {
    const { count, itemIds } = await new LedgerRepository(dataSource).parked(PARKED_NAMED);
    return { status: count > 0 ? 'degraded' : 'ok', parkedItems: count, itemIds };
  } catch {
    return undefined; // PostgreSQL's own check says why
  }
}

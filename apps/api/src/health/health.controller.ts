import { LOGGER, type Logger } from '@campaign/config';
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

type Check = { status: 'up' | 'down' };

class CheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
}

class ChecksView {
  @ApiProperty({ type: CheckView }) postgres!: CheckView;
  @ApiProperty({ type: CheckView }) temporal!: CheckView;
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
  ) {}

  @Get()
  @Policy('public')
  @ApiExtraModels(HealthDownView)
  @ApiOkResponse({ type: HealthView, description: 'PostgreSQL and Temporal both answer' })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency is down',
    schema: {
      allOf: [{ $ref: getSchemaPath(ErrorBody) }, { $ref: getSchemaPath(HealthDownView) }],
    },
  })
  async check(@Res({ passthrough: true }) res: Response) {
    const [postgres, temporal] = await Promise.all([
      probe('postgres', this.logger, () => this.dataSource.query('SELECT 1')),
      probe('temporal', this.logger, () =>
        this.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          this.temporal.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const up = postgres.status === 'up' && temporal.status === 'up';
    res.status(up ? 200 : 503);
    const checks = { postgres, temporal };
    if (up) return { status: 'ok', checks };
    const down = Object.entries(checks)
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

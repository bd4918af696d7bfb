import { type DestinationStream, type Logger, pino } from 'pino';

import type { AppConfig } from './config.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one line per event. Callers log ids and codes, never the
 * content of statements, tip-offs or names: logs leave the system in clear.
 */
/**
 * What a failed query carries of the values it was given: TypeORM's `parameters`, PostgreSQL's
 * `detail` ("Key (receipt_code)=(…) already exists") and `where`, and the driver's error holding
 * both. Logged errors keep the SQL, the code, the table and the constraint: where, never what.
 */
const VALUE_FIELDS = ['parameters', 'detail', 'where', 'driverError'];

/** pino's error serializer, less the values a database error carries (see VALUE_FIELDS). */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const out = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of VALUE_FIELDS) delete out[field];
  return out;
}

export function createLogger(
  config: Pick<AppConfig, 'log'>,
  service: string,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.log.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

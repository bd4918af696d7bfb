import { type DestinationStream, type Logger, pino } from 'pino';

import type { AppConfig } from './config.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one line per event. Callers log ids and codes, never the
 * content of statements, tip-offs or names: logs leave the system in clear.
 */
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
  };
  return destination ? pino(options, destination) : pino(options);
}

import type { MigrationInterface } from 'typeorm';

import { InitialSchema1795324749710 } from './1795324749710-initial-schema.js';

/** Every migration in order. Listed explicitly so source and built code load the same set. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [InitialSchema1795324749710];

import { APP_CONFIG, type AppConfig } from '@campaign/config';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';

import { settleTemporalCalls } from './deadline.js';
import { HEALTH_CONNECTION } from './health-connection.js';
import { MembershipNotifier } from './membership.notifier.js';
import { StartReconciler } from './start-reconciler.js';
import { TemporalProbe } from './temporal-probe.js';

export { HEALTH_CONNECTION } from './health-connection.js';

@Injectable()
class ConnectionLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly connection: Connection,
    @Inject(HEALTH_CONNECTION) private readonly health: Connection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await settleTemporalCalls();
    await Promise.all([this.connection.close(), this.health.close()]);
  }
}

/**
 * The Temporal client the API starts, updates and queries workflows with. The connection is
 * lazy so the API boots (and `/health` can say so) while Temporal is still down.
 */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => Connection.lazy({ address: config.temporal.address }),
    },
    {
      provide: HEALTH_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        Connection.lazy({ address: config.temporal.address, interceptors: [] }),
    },
    {
      provide: Client,
      inject: [Connection, APP_CONFIG],
      useFactory: (connection: Connection, config: AppConfig) =>
        new Client({ connection, namespace: config.temporal.namespace }),
    },
    ConnectionLifecycle,
    TemporalProbe,
    MembershipNotifier,
    StartReconciler,
  ],
  exports: [
    Connection,
    Client,
    HEALTH_CONNECTION,
    TemporalProbe,
    MembershipNotifier,
    StartReconciler,
  ],
})
export class TemporalModule {}

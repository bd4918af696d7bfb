/** Environment variables through which the global setup tells test files where the servers are. */
export const HARNESS_ENV = {
  adminDatabaseUrl: 'CAMPAIGN_TEST_ADMIN_DATABASE_URL',
  temporalAddress: 'CAMPAIGN_TEST_TEMPORAL_ADDRESS',
  timeSkippingServer: 'CAMPAIGN_TEST_TIME_SKIPPING_SERVER',
} as const;

export interface HarnessHandles {
  stops: Array<{ name: string; stop: () => Promise<void>; dataDir?: string }>;
}

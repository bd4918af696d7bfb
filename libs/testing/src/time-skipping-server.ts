import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Temporal's Java time-skipping test server, from Maven Central. */
export const TEST_SERVER_VERSION = '1.32.1';

/**
 * Provides Temporal's time-skipping test server offline: Maven fetches
 * `io.temporal:temporal-test-server` with its dependencies into the cache, and a wrapper script
 * runs it on the machine's Java (`<wrapper> <port>`), the way the SDK runs its own download.
 * Returns the wrapper's path, or a reason why it cannot be provided here.
 */
export function ensureTimeSkippingServer(options: {
  cacheDir: string;
  log?: (line: string) => void;
}): { path: string } | { unavailable: string } {
  const log = options.log ?? (() => undefined);
  const dir = join(options.cacheDir, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const wrapper = join(dir, 'temporal-test-server');
  if (existsSync(wrapper)) return { path: wrapper };
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
    return { unavailable: 'java is not installed' };
  }
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
    return { unavailable: 'mvn (Maven) is not installed' };
  }

  mkdirSync(options.cacheDir, { recursive: true });
  const staging = mkdtempSync(join(options.cacheDir, '.test-server-staging-'));
  try {
    log(`fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central`);
    writeFileSync(
      join(staging, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.campaign</groupId><artifactId>temporal-test-server-fetch</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`,
    );
    const mvn = spawnSync(
      'mvn',
      ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${join(staging, 'lib')}`],
      { cwd: staging, stdio: 'inherit', timeout: 15 * 60_000 },
    );
    if (mvn.status !== 0) return { unavailable: `mvn exited with ${mvn.status ?? mvn.signal}` };
    writeFileSync(
      join(staging, 'temporal-test-server'),
      '#!/bin/sh\n' +
        "# Runs Temporal's time-skipping test server; the SDK passes the port as the first argument.\n" +
        `exec java -cp '${join(dir, 'lib')}/*' io.temporal.testserver.TestServer "$@"\n`,
      { mode: 0o755 },
    );
    rmSync(join(staging, 'pom.xml'));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    return { path: wrapper };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

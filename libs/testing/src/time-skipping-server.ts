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
  if (existsSync(join(dir, 'lib'))) {
    if (!existsSync(wrapper) || !existsSync(join(dir, ARCHIVE))) writeLauncher(dir, log);
    return { path: wrapper };
  }
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
    rmSync(join(staging, 'pom.xml'));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    writeLauncher(dir, log);
    return { path: wrapper };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The class-data archive the launcher starts the server's JVM from. */
const ARCHIVE = 'classes.jsa';

/**
 * Writes the launcher: the SDK gives the server 5 s to answer, and a cold JVM on a loaded
 * two-core machine took 10 s. A class-data archive of the server's start-up (recorded here by
 * running it once for a few seconds), the client compiler and the serial collector bring that
 * to about 1 s under the same load (0.3 s idle).
 */
function writeLauncher(dir: string, log: (line: string) => void): void {
  const classpath = `${join(dir, 'lib')}/*`;
  const archive = join(dir, ARCHIVE);
  const fast = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
  log("recording the time-skipping server's class-data archive");
  // Stopped by SIGTERM after a while; the JVM writes the archive as it exits.
  spawnSync(
    'java',
    [
      ...fast,
      `-XX:ArchiveClassesAtExit=${archive}`,
      '-cp',
      classpath,
      'io.temporal.testserver.TestServer',
      '0',
    ],
    { stdio: 'ignore', timeout: 10_000, killSignal: 'SIGTERM' },
  );
  const flags = [...fast, ...(existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : [])];
  writeFileSync(
    join(dir, 'temporal-test-server'),
    '#!/bin/sh\n' +
      "# Runs Temporal's time-skipping test server; the SDK passes the port as the first argument.\n" +
      `exec java ${flags.join(' ')} -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`,
    { mode: 0o755 },
  );
}

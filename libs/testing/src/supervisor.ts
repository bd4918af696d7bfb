/**
 * Keeps a set of local services running: starts them in order, and when one exits on its own,
 * says so and starts it again after a backoff that grows with each failure. It gives up (stops
 * everything and reports why) only when a service keeps failing: more than `maxFailures` crashes
 * or failed starts within `windowMs`. `npm start`, the fuzzer and the supervision test share it.
 */

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceHandle {
  /** The OS process, so operators and tests can find it. */
  pid: number | undefined;
  /** Settles when the process has exited, whether it crashed or was stopped. */
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
}

export interface ServiceSpec {
  name: string;
  /** Starts the service; resolves once it is ready, rejects when it could not start. */
  start(): Promise<ServiceHandle>;
}

export interface SupervisorEvent {
  level: 'info' | 'warn' | 'error';
  service: string | undefined;
  message: string;
}

export interface SupervisorOptions {
  log: (event: SupervisorEvent) => void;
  /** Wait before the first restart; doubles with each failure in the window. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Crashes and failed starts tolerated within `windowMs` before giving up. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_SUPERVISION: Omit<SupervisorOptions, 'log'> = {
  initialBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxFailures: 5,
  windowMs: 5 * 60_000,
};

interface Entry {
  spec: ServiceSpec;
  handle: ServiceHandle | undefined;
  failures: number[];
  restarts: number;
}

export class SupervisorGaveUp extends Error {
  constructor(
    readonly service: string,
    reason: string,
  ) {
    super(`${service} keeps failing (${reason}); stopped the stack`);
    this.name = 'SupervisorGaveUp';
  }
}

const describeExit = ({ code, signal }: ExitInfo) =>
  signal ? `killed by ${signal}` : `exit code ${code}`;

export class Supervisor {
  private readonly entries: Entry[];
  private readonly options: SupervisorOptions;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private giveUp!: (error: SupervisorGaveUp) => void;
  private gaveUp: SupervisorGaveUp | undefined;
  private readonly wakers = new Set<() => void>();
  /** Settles once the supervisor gave up on a service (and stopped everything). */
  readonly failed: Promise<SupervisorGaveUp>;

  constructor(
    specs: ServiceSpec[],
    options: Partial<SupervisorOptions> & Pick<SupervisorOptions, 'log'>,
  ) {
    this.options = { ...DEFAULT_SUPERVISION, ...options };
    this.entries = specs.map((spec) => ({ spec, handle: undefined, failures: [], restarts: 0 }));
    this.failed = new Promise((resolve) => (this.giveUp = resolve));
  }

  /**
   * Starts every service in order, each once the one before is ready (retrying failed starts
   * like crashes). Rejects when one could not be started at all.
   */
  async start(): Promise<void> {
    for (const entry of this.entries) {
      await this.launch(entry);
      if (this.gaveUp) throw this.gaveUp;
      if (this.stopping) return;
    }
  }

  /** The running process of a service (undefined while it restarts). */
  pid(name: string): number | undefined {
    return this.entries.find((e) => e.spec.name === name)?.handle?.pid;
  }

  /** How often a service was restarted after a crash. */
  restarts(name: string): number {
    return this.entries.find((e) => e.spec.name === name)?.restarts ?? 0;
  }

  /** Stops everything in reverse order; safe to call more than once. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      for (const wake of this.wakers) wake();
      for (const entry of [...this.entries].reverse()) {
        const handle = entry.handle;
        entry.handle = undefined;
        if (!handle) continue;
        try {
          await handle.stop();
        } catch (error) {
          this.log('warn', entry, `stopping failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.stopped;
  }

  private log(level: SupervisorEvent['level'], entry: Entry | undefined, message: string) {
    this.options.log({ level, service: entry?.spec.name, message });
  }

  /** Starts a service, retrying with backoff; on success, watches it. */
  private async launch(entry: Entry): Promise<void> {
    while (!this.stopping) {
      try {
        const handle = await entry.spec.start();
        if (this.stopping) {
          await handle.stop();
          return;
        }
        entry.handle = handle;
        this.log('info', entry, `running (pid ${handle.pid ?? '?'})`);
        void handle.exited.then((info) => this.onExit(entry, handle, info));
        return;
      } catch (error) {
        if (this.stopping) return;
        const reason = `could not start: ${(error as Error).message ?? String(error)}`;
        if (!(await this.backOff(entry, reason))) return;
      }
    }
  }

  private async onExit(entry: Entry, handle: ServiceHandle, info: ExitInfo): Promise<void> {
    if (this.stopping || entry.handle !== handle) return;
    entry.handle = undefined;
    if (!(await this.backOff(entry, `exited unexpectedly (${describeExit(info)})`))) return;
    entry.restarts += 1;
    await this.launch(entry);
  }

  /**
   * Records a failure and waits before the next attempt; false when the service failed too
   * often (then the supervisor gives up and stops everything).
   */
  private async backOff(entry: Entry, reason: string): Promise<boolean> {
    const now = Date.now();
    entry.failures = [...entry.failures.filter((t) => now - t < this.options.windowMs), now];
    const failures = entry.failures.length;
    if (failures > this.options.maxFailures) {
      this.log(
        'error',
        entry,
        `${reason}; ${failures} failures within ${Math.round(this.options.windowMs / 1000)} s: giving up`,
      );
      const error = new SupervisorGaveUp(entry.spec.name, reason);
      this.gaveUp = error;
      await this.stop();
      this.giveUp(error);
      return false;
    }
    const delay = Math.min(
      this.options.maxBackoffMs,
      this.options.initialBackoffMs * 2 ** (failures - 1),
    );
    this.log('warn', entry, `${reason}; restarting in ${delay} ms (failure ${failures})`);
    await this.sleep(delay);
    return !this.stopping;
  }

  /** A wait that `stop()` cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

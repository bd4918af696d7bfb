import { describe, expect, it } from '@jest/globals';

import {
  type ExitInfo,
  type ServiceSpec,
  Supervisor,
  type SupervisorEvent,
  SupervisorGaveUp,
} from './supervisor.js';

/** A pretend process: `crash()` makes it exit as `kill -9` would. */
function fakeService(name: string, behaviour: { failStarts?: number } = {}) {
  let starts = 0;
  let failStarts = behaviour.failStarts ?? 0;
  const running: Array<{ pid: number; crash: () => void; stopped: boolean }> = [];
  const spec: ServiceSpec = {
    name,
    async start() {
      starts += 1;
      if (failStarts > 0) {
        failStarts -= 1;
        throw new Error('port busy');
      }
      let exit!: (info: ExitInfo) => void;
      const exited = new Promise<ExitInfo>((resolve) => (exit = resolve));
      const proc = {
        pid: 1000 + starts,
        stopped: false,
        crash: () => exit({ code: null, signal: 'SIGKILL' }),
      };
      running.push(proc);
      return {
        pid: proc.pid,
        exited,
        stop: async () => {
          proc.stopped = true;
          exit({ code: 0, signal: null });
        },
      };
    },
  };
  return { spec, running, starts: () => starts };
}

const until = async (condition: () => boolean, ms = 2_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const fast = { initialBackoffMs: 10, maxBackoffMs: 80, maxFailures: 3, windowMs: 10_000 };

describe('Supervisor', () => {
  it('starts services in order and restarts one that dies, saying so', async () => {
    const events: SupervisorEvent[] = [];
    const db = fakeService('postgres');
    const api = fakeService('api');
    const supervisor = new Supervisor([db.spec, api.spec], { ...fast, log: (e) => events.push(e) });
    await supervisor.start();
    expect([supervisor.pid('postgres'), supervisor.pid('api')]).toEqual([1001, 1001]);

    api.running[0].crash();
    await until(() => supervisor.pid('api') === 1002);
    expect(supervisor.restarts('api')).toBe(1);
    expect(events).toContainEqual({
      level: 'warn',
      service: 'api',
      message: 'exited unexpectedly (killed by SIGKILL); restarting in 10 ms (failure 1)',
    });
    expect(db.starts()).toBe(1);

    await supervisor.stop();
    expect(api.running[1].stopped && db.running[0].stopped).toBe(true);
  });

  it('retries a failed start with growing backoff', async () => {
    const events: SupervisorEvent[] = [];
    const flaky = fakeService('temporal', { failStarts: 2 });
    const supervisor = new Supervisor([flaky.spec], { ...fast, log: (e) => events.push(e) });
    await supervisor.start();
    expect(flaky.starts()).toBe(3);
    expect(events.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([
      'could not start: port busy; restarting in 10 ms (failure 1)',
      'could not start: port busy; restarting in 20 ms (failure 2)',
    ]);
    await supervisor.stop();
  });

  it('gives up on a service that keeps dying, and stops the others', async () => {
    const events: SupervisorEvent[] = [];
    const db = fakeService('postgres');
    const worker = fakeService('worker');
    const supervisor = new Supervisor([db.spec, worker.spec], {
      ...fast,
      log: (e) => events.push(e),
    });
    await supervisor.start();
    for (let i = 0; i < 4; i++) {
      const current = worker.running.length;
      worker.running[current - 1].crash();
      if (i < 3) await until(() => worker.running.length === current + 1);
    }
    const error = await supervisor.failed;
    expect(error).toBeInstanceOf(SupervisorGaveUp);
    expect(error.service).toBe('worker');
    expect(events.at(-1)).toMatchObject({ level: 'error', service: 'worker' });
    expect(events.at(-1)?.message).toMatch(/4 failures within 10 s: giving up/);
    expect(db.running[0].stopped).toBe(true);
  });

  it('rejects start() when a service can never be started', async () => {
    const broken = fakeService('api', { failStarts: 99 });
    const supervisor = new Supervisor([broken.spec], { ...fast, log: () => undefined });
    await expect(supervisor.start()).rejects.toThrow(/api keeps failing/);
  });

  it('a stop during a backoff ends the wait and starts nothing more', async () => {
    const db = fakeService('postgres');
    const supervisor = new Supervisor([db.spec], {
      ...fast,
      initialBackoffMs: 60_000,
      log: () => undefined,
    });
    await supervisor.start();
    db.running[0].crash();
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(db.starts()).toBe(1);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { workflowBundleOptions } from '@campaign/temporal';
import { installQuietTemporalRuntime } from '@campaign/testing';
import * as workflows from '@campaign/workflows';
import { describe, expect, it } from '@jest/globals';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/**
 * Campaigns run for months, so every deploy meets histories written by older code. Each history
 * recorded when a workflow version shipped (npm run histories:record -- vN) must replay on the
 * current code; a change that does not goes behind patched().
 */
describe('workflow replay of recorded histories', () => {
  it('has at least one recorded history for every workflow type the worker registers', () => {
    const recorded = new Set(
      files.map(
        (file) =>
          historyFromJSON(JSON.parse(readFileSync(`${dir}${file}`, 'utf8'))).events?.[0]
            ?.workflowExecutionStartedEventAttributes?.workflowType?.name,
      ),
    );
    const missing = Object.keys(workflows).filter((type) => !recorded.has(type));
    // A type without a history is a type whose changes nothing checks: record one
    // (npm run histories:record -- vN <context>).
    expect(missing).toEqual([]);
  });

  it('replays every recorded history on the current workflow code without nondeterminism', async () => {
    installQuietTemporalRuntime();
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(`${dir}${file}`, 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath, bundlerOptions: { webpackConfigHook } },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});

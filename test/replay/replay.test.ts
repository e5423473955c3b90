import { ReplayWorkerOptions, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncryptionCodec, encryptedDataConverter } from '../../worker/codec';
import { FIXTURES_DIR, historyFromJson, PAYLOAD_KEY_FILE, RecordedHistory } from './historyFixtures';

/**
 * Replays histories recorded from real runs (`npm run record-histories`) against the current workflow code.
 * A worker of a new version replays the history of each running workflow it picks up exactly like this,
 * so a failure here means the change would break running tenants. A workflow change that alters the
 * commands an existing history produced (another activity, timer, child or signal, or another order) must
 * keep the old path behind `patched('<change-id>')` from `@temporalio/workflow`, and later
 * `deprecatePatch`. Record the histories again only for a change that no running workflow will ever replay.
 */

const fixtures: RecordedHistory[] = readdirSync(FIXTURES_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as RecordedHistory);

const replayOptions: ReplayWorkerOptions = {
  workflowsPath: require.resolve('../../workflows'),
  // The same converter as the workers, so the recorded payloads, encrypted with the fixtures' key, decode.
  dataConverter: encryptedDataConverter(new EncryptionCodec([Buffer.from(readFileSync(PAYLOAD_KEY_FILE, 'utf8').trim(), 'base64')])),
};

test('fixtures cover both workflow types', () => {
  const types = new Set(fixtures.map((fixture) => fixture.workflowType));
  expect([...types].sort()).toEqual(['fullSyncWorkflow', 'tenantWorkflow']);
});

test('recorded histories replay without nondeterminism', async () => {
  const histories = fixtures.map((fixture) => ({ workflowId: fixture.workflowId, history: historyFromJson(fixture.history) }));
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(replayOptions, histories)) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(fixtures.length);
});

test('a changed command sequence is caught', async () => {
  // Renaming the first activity in the history has the same effect as workflow code that now calls another activity.
  const fixture = fixtures.find((candidate) => candidate.name === 'full-sync-resync')!;
  const history = historyFromJson(fixture.history);
  const scheduled = history.events!.find((event) => event.activityTaskScheduledEventAttributes)!;
  scheduled.activityTaskScheduledEventAttributes!.activityType = { name: 'someOtherActivity' };
  await expect(Worker.runReplayHistory(replayOptions, history, fixture.workflowId)).rejects.toThrow(DeterminismViolationError);
});

import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../common/failureTypes';
import { loadConfig } from '../../worker/config';
import { sdkTelemetryOptions, SyncMetrics } from '../../worker/metrics';

async function sample(metrics: SyncMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((value) => Object.entries(labels).every(([key, label]) => String(value.labels[key]) === label));
  return found?.value ?? 0;
}

describe('SyncMetrics.recordActivity', () => {
  test('counts failures by type', async () => {
    const metrics = new SyncMetrics({ processMetrics: false });
    const failure = ApplicationFailure.create({ type: FailureType.hibobUnauthorized, message: '401', nonRetryable: true });
    metrics.recordActivity('readBatch', {}, { error: failure }, 12);
    metrics.recordActivity('readBatch', {}, { error: new TypeError('bad') }, 3);
    expect(await sample(metrics, 'hibob_sync_activity_failures_total', { activity: 'readBatch', failure_type: 'HiBobUnauthorized' })).toBe(1);
    expect(await sample(metrics, 'hibob_sync_activity_failures_total', { activity: 'readBatch', failure_type: 'TypeError' })).toBe(1);
    expect(await sample(metrics, 'hibob_sync_rate_limit_waits_total', { api: 'hibob' })).toBe(0);
  });

  test('counts HiBob rate-limit waits', async () => {
    const metrics = new SyncMetrics({ processMetrics: false });
    const failure = ApplicationFailure.create({ type: FailureType.hibobRateLimited, message: '429', nextRetryDelay: 40_000 });
    metrics.recordActivity('readBatch', {}, { error: failure }, 5);
    expect(await sample(metrics, 'hibob_sync_rate_limit_waits_total', { api: 'hibob' })).toBe(1);
    expect(await sample(metrics, 'hibob_sync_rate_limit_wait_seconds_total', { api: 'hibob' })).toBe(40);
  });

  test('counts Learn Amp waits only with a delay', async () => {
    const metrics = new SyncMetrics({ processMetrics: false });
    const rateLimited = ApplicationFailure.create({ type: FailureType.learnampUnavailable, message: '429', nextRetryDelay: '2 minutes' });
    const serverError = ApplicationFailure.create({ type: FailureType.learnampUnavailable, message: '502' });
    metrics.recordActivity('applyWrite', {}, { error: rateLimited }, 5);
    metrics.recordActivity('applyWrite', {}, { error: serverError }, 5);
    expect(await sample(metrics, 'hibob_sync_rate_limit_waits_total', { api: 'learnamp' })).toBe(1);
    expect(await sample(metrics, 'hibob_sync_rate_limit_wait_seconds_total', { api: 'learnamp' })).toBe(120);
    expect(await sample(metrics, 'hibob_sync_activity_failures_total', { activity: 'applyWrite', failure_type: 'LearnAmpUnavailable' })).toBe(2);
  });

  test('counts writes, not skips or previews', async () => {
    const metrics = new SyncMetrics({ processMetrics: false });
    const write = (action: string) => ({ write: { employeeId: '1', action, wave: 0 } });
    metrics.recordActivity('applyWrite', write('set_manager'), { result: { outcome: 'updated' } }, 5);
    metrics.recordActivity('applyWrite', write('create'), { result: { outcome: 'skipped' } }, 5);
    metrics.recordActivity('applyWrite', write('create'), { result: { outcome: 'would_create' } }, 5);
    expect(await sample(metrics, 'hibob_sync_learnamp_writes_total', { kind: 'set_manager' })).toBe(1);
    expect(await sample(metrics, 'hibob_sync_learnamp_writes_total', { kind: 'create' })).toBe(0);
  });

  test('records activity duration in seconds', async () => {
    const metrics = new SyncMetrics({ processMetrics: false });
    metrics.recordActivity('finishSync', {}, { result: undefined }, 250);
    expect(await sample(metrics, 'hibob_sync_activity_duration_seconds', { activity: 'finishSync', result: 'completed', le: '0.25' })).toBe(1);
  });
});

describe('sdkTelemetryOptions', () => {
  test('off without TEMPORAL_METRICS_PORT', () => {
    expect(sdkTelemetryOptions(loadConfig({}).metrics)).toBeUndefined();
  });

  test('binds the configured host and port', () => {
    const options = sdkTelemetryOptions(loadConfig({ TEMPORAL_METRICS_PORT: '9465', METRICS_HOST: '0.0.0.0' }).metrics);
    expect(options?.metrics).toEqual({ prometheus: { bindAddress: '0.0.0.0:9465', useSecondsForDurations: true } });
  });

  test('brackets an IPv6 host', () => {
    const options = sdkTelemetryOptions(loadConfig({ TEMPORAL_METRICS_PORT: '9465', METRICS_HOST: '::1' }).metrics);
    expect(options?.metrics).toMatchObject({ prometheus: { bindAddress: '[::1]:9465' } });
  });
});

describe('loadConfig metrics', () => {
  test('defaults to loopback with endpoints off', () => {
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', port: undefined, temporalPort: undefined });
  });

  test('rejects an invalid port', () => {
    expect(() => loadConfig({ METRICS_PORT: 'abc' })).toThrow('METRICS_PORT');
  });
});

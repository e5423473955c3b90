import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { ActivityInterceptorsFactory, InjectedSinks, TelemetryOptions } from '@temporalio/worker';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { FailureType } from '../common/failureTypes';
import type { WriteAction } from '../common/sync';
import type { ServiceConfig } from './config';
import type { RunMetricsSinks } from './runMetricsInterceptor';

/** Outcomes of `applyWrite` that mean Learn Amp was written to; previews and skips write nothing. */
const WRITE_OUTCOMES: ReadonlySet<string> = new Set(['created', 'updated', 'deactivated', 'reactivated']);

/** Sync run durations, in seconds: from a few seconds for a small tenant to hours for tens of thousands of employees. */
const RUN_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400];

/** Activity durations, in seconds: store steps take milliseconds, HiBob reads and waits for a rate-limit window take seconds. */
const ACTIVITY_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The worker's Prometheus metrics, in their own registry so tests can create several. No metric has a tenant
 * label: a worker serves many tenants, and per-tenant series would grow without bound.
 */
export class SyncMetrics {
  readonly registry = new Registry();

  readonly runs = new Counter({
    name: 'hibob_sync_runs_total',
    help: 'Sync runs that ended, by outcome (completed, preview, paused, failed, cancelled) and scope (full, employees).',
    labelNames: ['outcome', 'scope'] as const,
    registers: [this.registry],
  });

  readonly runDuration = new Histogram({
    name: 'hibob_sync_run_duration_seconds',
    help: 'Time from the start of a sync workflow (including its continue-as-new runs) to its end, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: RUN_DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly learnampWrites = new Counter({
    name: 'hibob_sync_learnamp_writes_total',
    help: 'Learn Amp writes made, by kind: create, update, set_manager, deactivate, reactivate, team.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly activityFailures = new Counter({
    name: 'hibob_sync_activity_failures_total',
    help: 'Failed activity attempts, by activity and failure type (the ApplicationFailure type, or the error name).',
    labelNames: ['activity', 'failure_type'] as const,
    registers: [this.registry],
  });

  readonly rateLimitWaits = new Counter({
    name: 'hibob_sync_rate_limit_waits_total',
    help: 'Activity attempts that stopped on a rate limit and were rescheduled by Temporal after the wait the API asked for, by API.',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });

  readonly rateLimitWaitSeconds = new Counter({
    name: 'hibob_sync_rate_limit_wait_seconds_total',
    help: 'Seconds of waiting those rate limits asked for, by API.',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });

  readonly activityDuration = new Histogram({
    name: 'hibob_sync_activity_duration_seconds',
    help: 'Duration of activity attempts, by activity and result (completed or failed).',
    labelNames: ['activity', 'result'] as const,
    buckets: ACTIVITY_DURATION_BUCKETS,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'hibob_sync_' });
  }

  /** Records the end of a sync workflow; `durationMs` runs from the start of its first run. */
  recordRun(outcome: string, scope: string, durationMs: number): void {
    this.runs.inc({ outcome, scope });
    this.runDuration.observe({ outcome }, durationMs / 1000);
  }

  /** Records one activity attempt: its duration, plus the Learn Amp writes or rate-limit wait its input, result or failure shows. */
  recordActivity(activity: string, input: unknown, outcome: { result: unknown } | { error: unknown }, durationMs: number): void {
    this.activityDuration.observe({ activity, result: 'result' in outcome ? 'completed' : 'failed' }, durationMs / 1000);
    if ('error' in outcome) {
      this.recordFailure(activity, outcome.error);
      return;
    }
    if (activity === 'applyWrite') {
      const { result } = outcome as { result: { outcome?: string } };
      const action = (input as { write?: { action?: WriteAction } }).write?.action;
      if (action && result?.outcome && WRITE_OUTCOMES.has(result.outcome)) this.learnampWrites.inc({ kind: action });
    }
    if (activity === 'prepareRun') {
      const teamsWritten = (outcome.result as { teamsWritten?: number }).teamsWritten ?? 0;
      if (teamsWritten > 0) this.learnampWrites.inc({ kind: 'team' }, teamsWritten);
    }
  }

  private recordFailure(activity: string, error: unknown): void {
    let failureType = 'unknown';
    if (error instanceof ApplicationFailure && error.type) failureType = error.type;
    else if (error instanceof Error) failureType = error.name;
    this.activityFailures.inc({ activity, failure_type: failureType });
    const api = rateLimitedApi(error);
    if (!api) return;
    this.rateLimitWaits.inc({ api });
    const delay = (error as ApplicationFailure).nextRetryDelay;
    if (delay !== undefined && delay !== null) this.rateLimitWaitSeconds.inc({ api }, msToNumber(delay) / 1000);
  }

  /** Builds the activity interceptor that feeds `recordActivity`; register it in the worker's `interceptors.activity`. */
  activityInterceptor(): ActivityInterceptorsFactory {
    return (context: Context) => ({
      inbound: {
        execute: async (input, next) => {
          const activity = context.info.activityType;
          const startedAt = performance.now();
          try {
            const result = await next(input);
            this.recordActivity(activity, input.args[0], { result }, performance.now() - startedAt);
            return result;
          } catch (error) {
            this.recordActivity(activity, input.args[0], { error }, performance.now() - startedAt);
            throw error;
          }
        },
      },
    });
  }

  /** Builds the sink that the workflow interceptor in `runMetricsInterceptor.ts` calls when a sync workflow ends. */
  sinks(): InjectedSinks<RunMetricsSinks> {
    return {
      runMetrics: {
        runFinished: {
          fn: (info, outcome, scope) => this.recordRun(outcome, scope, Date.now() - info.startTime.getTime()),
          // A replayed workflow already reported its end when it first ran.
          callDuringReplay: false,
        },
      },
    };
  }
}

/**
 * Returns the API whose rate limit stopped an activity attempt, or null. HiBob's 429s have their own failure
 * type. Learn Amp's share `LearnAmpUnavailable` with 5xx responses, so a Learn Amp failure counts when it
 * carries `nextRetryDelay`, which only a `Retry-After` header sets (a 429, or a 503 that names a wait).
 */
function rateLimitedApi(error: unknown): 'hibob' | 'learnamp' | null {
  if (!(error instanceof ApplicationFailure)) return null;
  if (error.type === FailureType.hibobRateLimited) return 'hibob';
  if (error.type === FailureType.learnampUnavailable && error.nextRetryDelay !== undefined && error.nextRetryDelay !== null) return 'learnamp';
  return null;
}

/**
 * Builds the Temporal runtime's telemetry options, which turn on the SDK's own Prometheus exporter (workflow task,
 * poller and activity metrics, prefixed `temporal_`) on `TEMPORAL_METRICS_PORT`. Returns undefined when that port is unset.
 */
export function sdkTelemetryOptions(metrics: ServiceConfig['metrics']): TelemetryOptions | undefined {
  if (metrics.temporalPort === undefined) return undefined;
  const host = metrics.host.includes(':') ? `[${metrics.host}]` : metrics.host;
  return { metrics: { prometheus: { bindAddress: `${host}:${metrics.temporalPort}`, useSecondsForDurations: true } } };
}

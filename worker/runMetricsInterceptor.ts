/**
 * Workflow interceptor, bundled into the workflow sandbox: reports how each sync workflow ended through the
 * `runMetrics` sink, because a paused, failed or cancelled run calls no activity that could report it.
 * Imports only `@temporalio/workflow`, like any workflow code.
 */
import {
  ContinueAsNew,
  isCancellation,
  Next,
  proxySinks,
  Sinks,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  workflowInfo,
} from '@temporalio/workflow';

/** The sink a sync workflow calls once when it ends, with its outcome and scope. */
export interface RunMetricsSinks extends Sinks {
  runMetrics: {
    runFinished(outcome: string, scope: string): void;
  };
}

/** Workflow type whose executions are sync runs. */
const SYNC_WORKFLOW_TYPE = 'fullSyncWorkflow';

const { runMetrics } = proxySinks<RunMetricsSinks>();

class RunMetricsInterceptor implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (workflowInfo().workflowType !== SYNC_WORKFLOW_TYPE) return next(input);
    const run = input.args[0] as { preview?: boolean; scope?: string } | undefined;
    const scope = run?.scope ?? 'full';
    try {
      const result = (await next(input)) as { outcome?: string } | undefined;
      const outcome = result?.outcome ?? 'completed';
      runMetrics.runFinished(run?.preview && outcome === 'completed' ? 'preview' : outcome, scope);
      return result;
    } catch (error) {
      // Continuing as new is not an end: the next run of the same sync reports it.
      if (!(error instanceof ContinueAsNew)) runMetrics.runFinished(isCancellation(error) ? 'cancelled' : 'failed', scope);
      throw error;
    }
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new RunMetricsInterceptor()] });

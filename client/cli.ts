#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../worker/config';
import type { TenantStatus } from '../common/status';
import { openStore } from '../worker/openStore';
import { connectTenant, disconnectTenant, InvalidRequestError, permissionsChanged, refreshToken, requestSync, tenantStatus } from './adminActions';
import { runDemo } from './demo';
import { formatExplanation } from './explain';
import { formatStatus } from './formatStatus';
import { formatRunReport } from './report';
import { loadExplanation, loadRunReport } from './syncRecords';
import { openAdminContext } from './temporalConnection';
import { waitForSyncToSettle } from './waitForSync';

const program = new Command()
  .name('hibob-sync')
  .description('Admin actions for hibob-sync tenants. Temporal and the store come from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and HIBOB_SYNC_DATA_DIR.')
  .showHelpAfterError();

const tenantOption = new Option('--tenant <id>', 'tenant id (lower-case letters, digits, "-" or "_")').makeOptionMandatory();

/** Reads a secret from a file or an environment variable; command-line arguments would leak into shell history. */
function readSecret(file: string | undefined, envName: string, fileOption: string, what: string): string {
  const value = readOptionalSecret(file, envName, fileOption);
  if (!value) throw new InvalidRequestError(`${what} is missing: set ${envName} or pass its file with ${fileOption}`);
  return value;
}

/** Like `readSecret`, but returns undefined when neither the file nor the variable is given. */
function readOptionalSecret(file: string | undefined, envName: string, fileOption: string): string | undefined {
  if (!file) return process.env[envName] || undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new InvalidRequestError(`Could not read ${fileOption} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The option or variable that sets each field of a connect request, for error messages. */
const CONNECT_FLAGS: Record<string, { flag: string; option?: string }> = {
  tenantId: { flag: '--tenant', option: 'tenant' },
  hibobBaseUrl: { flag: '--hibob-url', option: 'hibobUrl' },
  serviceUserId: { flag: '--service-user-id', option: 'serviceUserId' },
  hibobToken: { flag: 'HIBOB_TOKEN or --hibob-token-file' },
  learnampBaseUrl: { flag: '--learnamp-url', option: 'learnampUrl' },
  learnampClientId: { flag: '--learnamp-client-id', option: 'learnampClientId' },
  learnampClientSecret: { flag: 'LEARNAMP_CLIENT_SECRET or --learnamp-client-secret-file' },
  hibobWebhookSecret: { flag: 'HIBOB_WEBHOOK_SECRET or --hibob-webhook-secret-file' },
  'settings.invitePolicy': { flag: '--invite-policy', option: 'invitePolicy' },
  'settings.syncIntervalMinutes': { flag: '--sync-interval-minutes', option: 'syncIntervalMinutes' },
  'settings.batchSize': { flag: '--batch-size', option: 'batchSize' },
  'settings.learnampWritesPerSecond': { flag: '--learnamp-writes-per-second', option: 'learnampWritesPerSecond' },
  'settings.reconcileEverySyncs': { flag: '--reconcile-every-syncs', option: 'reconcileEverySyncs' },
};

/** Connects, naming each invalid field by its command-line option and showing the value given (never a secret's). */
async function connectWithFlagNames(
  context: Parameters<typeof connectTenant>[0],
  options: Record<string, unknown>,
  request: Parameters<typeof connectTenant>[1],
): ReturnType<typeof connectTenant> {
  try {
    return await connectTenant(context, request);
  } catch (error) {
    if (!(error instanceof InvalidRequestError) || Object.keys(error.fields).length === 0) throw error;
    const details = Object.entries(error.fields).map(([field, message]) => {
      const known = CONNECT_FLAGS[field];
      const given = known?.option !== undefined && options[known.option] !== undefined ? ` (got "${String(options[known.option])}")` : '';
      return `${known?.flag ?? field} ${message}${given}`;
    });
    throw new InvalidRequestError(`Invalid connect options: ${details.join('; ')}`, error.fields);
  }
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`"${value}" is not a positive whole number.`);
  return parsed;
}

/** Prints a command's result: the JSON object with --json, otherwise the sentence for a person. */
function printResult(options: { json?: boolean }, result: object, text: string): void {
  console.log(options.json ? JSON.stringify(result, null, 2) : text);
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number.`);
  return parsed;
}

/** Runs an action with the sync store only: reports and explanations need no Temporal connection. */
async function withStore<T>(action: (store: ReturnType<typeof openStore>) => Promise<T>): Promise<T> {
  const store = openStore(loadConfig());
  try {
    return await action(store);
  } finally {
    await store.close();
  }
}

/** Runs an action with a Temporal client and the store, closing both afterwards. */
async function withContext<T>(action: (context: Awaited<ReturnType<typeof openAdminContext>>) => Promise<T>): Promise<T> {
  const context = await openAdminContext(loadConfig());
  try {
    return await action(context);
  } finally {
    await context.close();
  }
}

program
  .command('connect')
  .description('store a tenant\'s HiBob and Learn Amp credentials and start its integration (validation, then a full sync)')
  .addOption(tenantOption)
  .requiredOption('--hibob-url <url>', 'HiBob API base URL, e.g. https://api.hibob.com/v1')
  .requiredOption('--service-user-id <id>', 'HiBob service user id')
  .option('--hibob-token-file <path>', 'file holding the service user token (default: the HIBOB_TOKEN variable)')
  .requiredOption('--learnamp-url <url>', 'Learn Amp API base URL of the customer\'s region')
  .requiredOption('--learnamp-client-id <id>', 'Learn Amp API client id')
  .option('--learnamp-client-secret-file <path>', 'file holding the client secret (default: the LEARNAMP_CLIENT_SECRET variable)')
  .option(
    '--hibob-webhook-secret-file <path>',
    'file holding the secret of the HiBob webhook (default: the HIBOB_WEBHOOK_SECRET variable); without it webhooks are rejected',
  )
  .addOption(new Option('--invite-policy <policy>', 'when new joiners get their invitation').choices(['on_start_date', 'immediately', 'never']))
  .option('--sync-interval-minutes <minutes>', 'minutes between periodic full syncs (default 1440)', positiveInteger)
  .option('--batch-size <n>', 'employees per HiBob read and batch (default 500)', positiveInteger)
  .option('--preview', 'run the first sync as a preview that writes nothing; "sync" then does it for real')
  .option('--reconcile-every-syncs <n>', 'every n-th sync compares with all of Learn Amp instead of trusting what was last written (default 7)', positiveInteger)
  .option('--learnamp-writes-per-second <n>', 'Learn Amp writes per second for this tenant, per worker (default 50)', positiveNumber)
  .option('--json', 'print the result as JSON')
  .action(async (options) =>
    withContext(async (context) => {
      const { workflowId } = await connectWithFlagNames(context, options, {
        tenantId: options.tenant,
        hibobBaseUrl: options.hibobUrl,
        serviceUserId: options.serviceUserId,
        hibobToken: readSecret(options.hibobTokenFile, 'HIBOB_TOKEN', '--hibob-token-file', 'The HiBob token'),
        learnampBaseUrl: options.learnampUrl,
        learnampClientId: options.learnampClientId,
        learnampClientSecret: readSecret(
          options.learnampClientSecretFile,
          'LEARNAMP_CLIENT_SECRET',
          '--learnamp-client-secret-file',
          'The Learn Amp client secret',
        ),
        hibobWebhookSecret: readOptionalSecret(options.hibobWebhookSecretFile, 'HIBOB_WEBHOOK_SECRET', '--hibob-webhook-secret-file'),
        settings: {
          invitePolicy: options.invitePolicy,
          syncIntervalMinutes: options.syncIntervalMinutes,
          batchSize: options.batchSize,
          learnampWritesPerSecond: options.learnampWritesPerSecond,
          previewFirstSync: options.preview === true ? true : undefined,
          reconcileEverySyncs: options.reconcileEverySyncs,
        },
      });
      printResult(
        options,
        { tenantId: options.tenant, workflowId },
        `Connected tenant ${options.tenant}: workflow ${workflowId} validates the connection, then runs a full sync.`,
      );
    }),
  );

program
  .command('refresh-token')
  .description('give hibob-sync the token HiBob issued on refresh; a sync paused on the old token resumes')
  .addOption(tenantOption)
  .option('--hibob-token-file <path>', 'file holding the new token (default: the HIBOB_TOKEN variable)')
  .option('--json', 'print the result as JSON')
  .action(async (options) =>
    withContext(async (context) => {
      await refreshToken(context, options.tenant, readSecret(options.hibobTokenFile, 'HIBOB_TOKEN', '--hibob-token-file', 'The new HiBob token'));
      printResult(
        options,
        { tenantId: options.tenant, tokenStored: true },
        `Stored the new token for ${options.tenant}; the integration re-validates and resumes.`,
      );
    }),
  );

program
  .command('permissions-changed')
  .description('tell hibob-sync the permission group changed in HiBob: re-validate, then run a full sync')
  .addOption(tenantOption)
  .option('--json', 'print the result as JSON')
  .action(async (options) => withContext(async (context) => {
    await permissionsChanged(context, options.tenant);
    printResult(options, { tenantId: options.tenant, signalled: 'permissionsChanged' }, `Asked ${options.tenant} to re-validate and run a full sync.`);
  }));

program
  .command('sync')
  .description('run a full sync now')
  .addOption(tenantOption)
  .option('--wait', 'show progress per batch and wait until the sync settles; exit code 1 if it needs attention')
  .option('--timeout-minutes <minutes>', 'with --wait, give up after this many minutes', positiveInteger, 60)
  .option('--json', 'print the result as JSON (with --wait, the final status; progress goes to stderr)')
  .action(async (options) => withContext(async (context) => {
    const before = options.wait ? await tenantStatus(context, options.tenant) : null;
    await requestSync(context, options.tenant, 'requested from the CLI');
    if (!before) {
      printResult(options, { tenantId: options.tenant, signalled: 'syncRequested' }, `Requested a full sync of ${options.tenant}.`);
      return;
    }
    const progress = options.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
    progress(`Requested a full sync of ${options.tenant}; waiting for it to settle.`);
    const status = await waitForSyncToSettle(context, options.tenant, before.syncsStarted + 1, {
      timeoutMs: options.timeoutMinutes * 60_000,
      onProgress: (current) => progress(formatProgress(current)),
    });
    printResult(options, status, formatStatus(status));
    if (FAILED_STATES.includes(status.state)) process.exitCode = 1;
  }));

program
  .command('status')
  .description('show state, progress, the last run and every problem with the step that fixes it')
  .addOption(tenantOption)
  .option('--json', 'print the status as JSON')
  .action(async (options) => withContext(async (context) => {
    const status = await tenantStatus(context, options.tenant);
    console.log(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
  }));

program
  .command('disconnect')
  .description('stop syncing a tenant and forget its credentials; Learn Amp users are left as they are')
  .addOption(tenantOption)
  .option('--json', 'print the result as JSON')
  .action(async (options) => withContext(async (context) => {
    await disconnectTenant(context, options.tenant);
    printResult(options, { tenantId: options.tenant, signalled: 'disconnect' }, `Disconnecting ${options.tenant}.`);
  }));

program
  .command('report')
  .description('show a sync run\'s counts and every skipped or failed employee with the reason and the fix (reads the store only)')
  .addOption(tenantOption)
  .option('--sync <syncId>', 'the run to report, as shown by status (default: the latest run)')
  .option('--json', 'print the report as JSON')
  .action(async (options) => withStore(async (store) => {
    const report = await loadRunReport(store, options.tenant, options.sync);
    printResult(options, report, formatRunReport(report));
  }));

program
  .command('explain')
  .description('explain from recorded sync results why an employee is in their Learn Amp state (reads the store only)')
  .addOption(tenantOption)
  .requiredOption('--employee <id or email>', 'HiBob employee id, or an email seen in one of the last few runs')
  .option('--json', 'print the explanation as JSON')
  .action(async (options) => withStore(async (store) => {
    const explanation = await loadExplanation(store, options.tenant, options.employee);
    printResult(options, explanation, formatExplanation(explanation));
  }));

program
  .command('demo')
  .description('start what is missing (Temporal dev server, sandboxes, worker) and run the leavers scenario end to end')
  .option('--employees <n>', 'employees in the generated company', positiveInteger, 1000)
  .option('--seed <n>', 'seed of the generated company', positiveInteger, 42)
  .option('--keep-running', 'keep the sandboxes and the worker running afterwards, until Ctrl-C')
  .action(async (options) => {
    const passed = await runDemo({
      config: loadConfig(),
      employees: options.employees,
      seed: options.seed,
      keepRunning: Boolean(options.keepRunning),
      print: (line) => console.log(line),
    });
    process.exitCode = passed ? 0 : 1;
  });

/** States after which `sync --wait` exits with code 1: the run did not bring Learn Amp in line with HiBob. */
const FAILED_STATES: readonly TenantStatus['state'][] = ['needs_attention', 'failing', 'disconnected'];

function formatProgress(status: TenantStatus): string {
  const progress = status.progress!;
  const { counts } = progress;
  return (
    `  ${progress.syncId}: batch ${progress.batchesDone} of ${progress.batchCount} (${progress.phase}); ` +
    `created ${counts.created}, updated ${counts.updated}, deactivated ${counts.deactivated}, skipped ${counts.skipped}, failed ${counts.failed}`
  );
}

program.parseAsync().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // Scripts that pass --json read stdout, so the error goes there as JSON too.
  if (process.argv.includes('--json')) console.log(JSON.stringify({ error: message }, null, 2));
  console.error(`hibob-sync: ${message}`);
  process.exitCode = 1;
});

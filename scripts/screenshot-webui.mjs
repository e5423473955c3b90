#!/usr/bin/env node
// Takes the README's screenshot of the Temporal Web UI from a real demo run, and stops everything it
// started. It runs its own Temporal dev server on free ports, so a dev server already running on 7233
// and its demo are left alone.
//
//   node scripts/screenshot-webui.mjs [--employees N] [--output docs/webui.png] [--skip-build]
//
// Needs Debian's Chromium (apt-get install -y chromium) or CHROMIUM_PATH, and playwright-core from
// the dev dependencies.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values: options } = parseArgs({
  options: {
    employees: { type: 'string', default: '300' },
    output: { type: 'string', default: join(root, 'docs', 'webui.png') },
    'skip-build': { type: 'boolean', default: false },
  },
});
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Flags for a headless run without a GPU, a sandbox or any of Chromium's own network traffic.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const DEMO_TIMEOUT_MS = 10 * 60 * 1000;
const TENANT_ID = 'demo';

/** Returns a TCP port that is free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Resolves when `child` prints a line containing `text`; rejects when it exits first or the time is up. */
function waitForOutput(child, text, timeoutMs) {
  return new Promise((resolveWait, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs / 1000} s waiting for "${text}"`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (chunk.toString().includes(text)) {
        clearTimeout(timer);
        resolveWait();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The process exited with code ${code} before printing "${text}"`));
    });
  });
}

/** Polls the frontend with the Temporal CLI until it responds. */
async function waitForTemporal(cli, address, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      execFileSync(cli, ['operator', 'cluster', 'health', '--address', address], { stdio: 'ignore' });
      return;
    } catch {
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
    }
  }
  throw new Error(`The Temporal dev server at ${address} did not start within ${timeoutMs / 1000} s`);
}

/** Sends `signal` and waits up to `timeoutMs` for the process to exit, then kills it. */
async function stop(child, signal, timeoutMs = 30_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function main() {
  if (!options['skip-build']) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const cli = execFileSync('bash', [join(root, 'scripts', 'install-temporal.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
  const dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-screenshot-'));
  const [port, uiPort] = [await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  let server;
  let demo;
  let browser;
  try {
    server = spawn(
      cli,
      ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort), '--db-filename', join(dataDir, 'temporal.db'), '--log-level', 'warn'],
      { stdio: 'ignore' },
    );
    await waitForTemporal(cli, address, 60_000);
    console.log(`Temporal dev server at ${address}, Web UI http://127.0.0.1:${uiPort}`);

    demo = spawn('node', [join(root, 'lib', 'client', 'cli.js'), 'demo', '--keep-running', '--employees', options.employees], {
      cwd: root,
      env: { ...process.env, TEMPORAL_ADDRESS: address, HIBOB_SYNC_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await waitForOutput(demo, 'press Ctrl-C to stop', DEMO_TIMEOUT_MS);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1680, height: 760 } });
    const query = encodeURIComponent(`TenantId="${TENANT_ID}"`);
    await page.goto(`http://127.0.0.1:${uiPort}/namespaces/default/workflows?query=${query}`);
    // The list renders after the UI's visibility query returns: wait for the tenant workflow's row.
    await page.getByText(`hibob-sync/${TENANT_ID}`, { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    mkdirSync(dirname(options.output), { recursive: true });
    await page.screenshot({ path: options.output });
    console.log(`Saved ${options.output}`);
  } finally {
    await browser?.close();
    await stop(demo, 'SIGINT');
    await stop(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`screenshot-webui: ${error.message}`);
  process.exitCode = 1;
});

// Starts the host the scenario runs against, on a free port from the repository root
// (where it finds frontend/dist and template.yaml), and reads the first admin's password
// from what it prints: `ecar serve --in-memory` (one process on the embedded store), or with
// ECAR_E2E_HOST=local-aws `ecar local-aws` (each function's Lambda binary on the local AWS,
// the binaries next to ECAR_BIN).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPA_INDEX = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The command line of the host named by ECAR_E2E_HOST. */
function hostArguments(binary, port) {
  const host = process.env.ECAR_E2E_HOST ?? 'serve';
  if (host === 'serve') return ['serve', '--in-memory', '--port', String(port)];
  if (host === 'local-aws') {
    const logs = fileURLToPath(new URL('./screenshots/local-aws-logs/', import.meta.url));
    return ['local-aws', '--port', String(port), '--bin-dir', dirname(binary), '--log-dir', logs, '--schedule-every', '0'];
  }
  throw new Error(`ECAR_E2E_HOST is serve or local-aws, not ${host}`);
}

/**
 * Runs the local runner on an empty in-memory store. Resolves once it serves, with its
 * base URL, the admin's password and a `stop` function.
 */
export async function startServer() {
  if (!existsSync(SPA_INDEX)) throw new Error('frontend/dist is missing: run `npm run build` first');
  const binary = process.env.ECAR_BIN ?? fileURLToPath(new URL('../../target/debug/ecar', import.meta.url));
  if (!existsSync(binary)) throw new Error(`no ecar binary at ${binary}: build it (cargo build -p ecar) or set ECAR_BIN`);
  const port = await freePort();
  const child = spawn(binary, hostArguments(binary, port), {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ecar serve did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
    let password = null;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      password ??= /password: (\S+)/.exec(output)?.[1] ?? null;
      if (password !== null && output.includes('is serving on')) {
        clearTimeout(timer);
        resolve(password);
      }
    });
    child.stderr.on('data', (chunk) => {
      if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ecar serve exited (${code}):\n${output}`));
    });
  });
  const adminPassword = await ready;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminPassword,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

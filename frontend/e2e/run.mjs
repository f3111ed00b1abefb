// Runs the end-to-end scenario with node:test and ends with the line
// "e2e: N passed, M failed", as the other suites of `make test` do; after a failure,
// a line before it counts the steps skipped because of it.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

const files = [fileURLToPath(new URL('./scenario.test.mjs', import.meta.url))];
const counts = { passed: 0, failed: 0, skipped: 0 };
// The summary line names the host when it is not the local runner.
const label = process.env.ECAR_E2E_HOST === 'local-aws' ? 'e2e (local AWS)' : 'e2e';

const stream = run({ files, concurrency: 1 });
stream.on('test:pass', (event) => {
  // Only the steps count: the file itself is reported as a test too.
  if (event.nesting !== 0 || event.file === undefined || event.name === files[0]) return;
  if (event.skip) counts.skipped += 1;
  else counts.passed += 1;
});
stream.on('test:fail', (event) => {
  if (event.nesting !== 0 || event.name === files[0]) return;
  counts.failed += 1;
});
stream.compose(spec).pipe(process.stdout);
stream.once('end', () => {
  // After the reporter's own output.
  setImmediate(() => {
    if (counts.skipped > 0) console.log(`${label}: ${counts.skipped} steps skipped after the failure`);
    console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed`);
    process.exitCode = counts.failed > 0 ? 1 : 0;
  });
});

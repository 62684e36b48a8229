/**
 * `npm test`: every test project (unit, integration, e2e) in one Vitest run, then one closing
 * line `tests: N passed, N failed` that CI reads. Extra arguments go to Vitest.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const dir = await mkdtemp(join(tmpdir(), 'vitest-report-'));
const report = join(dir, 'report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const code = await new Promise<number>((resolve) => {
  const child = spawn('npx', args, { stdio: 'inherit' });
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});

let summary: JsonReport | undefined;
try {
  summary = JSON.parse(await readFile(report, 'utf8')) as JsonReport;
} catch {
  summary = undefined;
}
await rm(dir, { recursive: true, force: true });

if (summary) {
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(
    `\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  process.exit(code !== 0 ? code : summary.numPassedTests === 0 ? 1 : 0);
}
console.log('\ntests: 0 passed, 1 failed');
process.exit(code || 1);

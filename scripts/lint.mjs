// Lints the spec in two passes and fails on any warning:
// 1. Redocly on the source files, so every report names a file and line;
// 2. Spectral on a fresh bundle (cross-file $refs confuse it otherwise).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.mjs';

const work = mkdtempSync(join(tmpdir(), 'sip-spec-lint-'));
// run() exits the process when a tool fails, so clean up on exit, not in finally.
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

run('redocly', ['lint', 'openapi/openapi.yaml', '--format=codeframe', '--max-problems=200']);
const bundle = join(work, 'openapi.yaml');
run('redocly', ['bundle', 'openapi/openapi.yaml', '-o', bundle], { quiet: true });
run('spectral', ['lint', bundle, '--ruleset', '.spectral.yaml', '--fail-severity=hint', '--display-only-failures']);
console.log('lint: Redocly and Spectral report no problems.');

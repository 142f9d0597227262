// Fails when committed generated code drifts from its source: runs every
// drift check package.json has (check:bundle now; check:types once the type
// generator lands), so CI calls one script whatever exists.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CHECKS = ['check:bundle', 'check:types'];
const { scripts } = JSON.parse(readFileSync('package.json', 'utf8'));
const present = CHECKS.filter((name) => scripts[name]);

for (const name of present) {
  const { status } = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`check:generated: \`npm run ${name}\` failed.`);
    process.exit(status ?? 1);
  }
}
console.log(`check:generated: ${present.join(', ')} passed${present.length < CHECKS.length ? ` (not yet defined: ${CHECKS.filter((n) => !present.includes(n)).join(', ')})` : ''}.`);

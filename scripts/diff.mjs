// Reports how the API changed since a git ref, as Markdown, and fails on a
// breaking change that CHANGELOG.md does not mark as intended.
//   npm run diff -- <git-ref>       compare openapi/ at <git-ref> with the working tree
//   npm run diff:report             the same against origin/$GITHUB_BASE_REF, also
//                                   appended to $GITHUB_STEP_SUMMARY (pull-request CI)
// Exit: 0 no unmarked breaking change, 1 unmarked breaking change, 2 usage or git error.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { compareSpecs } from './lib/api-diff.mjs';
import { bundleRef, bundleWorkingTree } from './lib/bundle-source.mjs';
import { breakingIntent } from './lib/changelog.mjs';
import { renderReport } from './lib/diff-report.mjs';

const summary = process.argv.includes('--summary');
const envBase = process.env.GITHUB_BASE_REF ? `origin/${process.env.GITHUB_BASE_REF}` : undefined;
const base = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? (summary ? envBase : undefined);
if (!base) {
  console.error('usage: npm run diff -- <git-ref>   (npm run diff:report takes origin/$GITHUB_BASE_REF)');
  process.exit(2);
}

const changes = compareSpecs(bundleRef(base), bundleWorkingTree());
const breaking = changes.filter((change) => change.type === 'breaking');
const intent = breakingIntent(existsSync('CHANGELOG.md') ? readFileSync('CHANGELOG.md', 'utf8') : '', breaking);
const report = renderReport({ base, changes, intent });

console.log(report);
if (summary && process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, report + '\n');
process.exit(breaking.length && !intent.marked ? 1 : 0);

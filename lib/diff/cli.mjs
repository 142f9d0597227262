// `npm run diff`: reports how the API changed since a git ref, as Markdown,
// and fails on a breaking change that CHANGELOG.md does not mark as intended.
//   npm run diff -- <git-ref>                    compare openapi/ at <git-ref> with the working tree
//   npm run diff -- <git-ref> --markdown FILE    also write the report to FILE (folders made)
//   npm run diff:report                          the same against origin/$GITHUB_BASE_REF, also
//                                                appended to $GITHUB_STEP_SUMMARY (pull-request CI)
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DiffSourceError, fileAtRef } from './bundle-source.mjs';
import { breakingIntent } from './changelog.mjs';
import { SpecDiffError, compareSpecs } from './compare.mjs';
import { renderReport } from './report.mjs';
import { makeDirectory } from '../files/index.mjs';

const USAGE = 'usage: npm run diff -- <git-ref> [--markdown FILE]   (npm run diff:report takes origin/$GITHUB_BASE_REF)';

/**
 * The command's arguments, or an error message.
 * @param {string[]} argv arguments after the script name
 * @param {Record<string, string|undefined>} env
 * @returns {{ base: string, summary: boolean, markdown?: string } | { error: string }}
 */
export function parseArgs(argv, env) {
  let summary = false;
  let markdown;
  const refs = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--summary') summary = true;
    else if (arg === '--markdown' || arg.startsWith('--markdown=')) {
      markdown = arg === '--markdown' ? argv[++i] : arg.slice('--markdown='.length);
      if (!markdown || markdown.startsWith('--')) return { error: `diff: --markdown needs a file name.\n${USAGE}` };
    } else if (arg.startsWith('-')) return { error: `diff: unknown option ${arg}.\n${USAGE}` };
    else refs.push(arg);
  }
  if (refs.length > 1) return { error: `diff: one git ref at a time, got ${refs.join(', ')}.\n${USAGE}` };
  const base = refs[0] ?? (summary && env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : undefined);
  if (!base) return { error: USAGE };
  return { base, summary, markdown };
}

/**
 * Runs the report; resolves to the exit code: 0 no unmarked breaking change,
 * 1 an unmarked breaking change, 2 a usage error, a side that cannot be
 * bundled (a git error, or Redocly's bundle failing: lib/diff/bundle-source.mjs),
 * documents that cannot be compared, or a report file (--markdown,
 * $GITHUB_STEP_SUMMARY) that cannot be written. scripts/diff.mjs is this
 * function with the process's arguments, environment and streams; tests call
 * it in their own process with another `cwd` and capture what it prints.
 * @param {string[]} argv
 * @param {Record<string, string|undefined>} env
 * @param {{
 *   bundleRef: (ref: string, cwd: string) => object | Promise<object>,
 *   bundleWorkingTree: (cwd: string) => object | Promise<object>,
 *   cwd?: string,
 *   print?: (text: string) => void,
 *   warn?: (text: string) => void,
 * }} io the two sides' bundlers (lib/diff/bundle-source.mjs); `cwd`: the
 *   repository (git ref, working tree, CHANGELOG.md, a relative --markdown;
 *   default this process's); `print`: the report, one call (default
 *   console.log); `warn`: each error line (default console.error)
 * @returns {Promise<number>}
 */
export async function main(argv, env, { bundleRef, bundleWorkingTree, cwd = process.cwd(), print = console.log, warn = console.error }) {
  const args = parseArgs(argv, env);
  if ('error' in args) {
    warn(args.error);
    return 2;
  }
  let changes;
  try {
    changes = compareSpecs(await bundleRef(args.base, cwd), await bundleWorkingTree(cwd));
  } catch (error) {
    if (error instanceof DiffSourceError) {
      warn(error.message);
      return 2;
    }
    if (!(error instanceof SpecDiffError)) throw error;
    warn(`diff: ${error.message}.`);
    return 2;
  }
  const breaking = changes.filter((change) => change.type === 'breaking');
  const changelogFile = resolve(cwd, 'CHANGELOG.md');
  const intent = breakingIntent(existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '', breaking, breaking.length ? fileAtRef(args.base, 'CHANGELOG.md', cwd) : '');
  const report = renderReport({ base: args.base, changes, intent });

  print(report);
  // A file that cannot be written exits 2, not 1: 1 says "breaking change" to CI.
  const write = (what, file, put) => {
    try {
      put();
      return true;
    } catch (error) {
      warn(`diff: could not write the report to ${what} ${file}: ${error instanceof Error ? error.message : String(error)}.`);
      return false;
    }
  };
  const markdown = args.markdown && resolve(cwd, args.markdown);
  if (markdown && !write('--markdown', args.markdown, () => {
    makeDirectory(dirname(markdown));
    writeFileSync(markdown, report + '\n');
  })) return 2;
  if (args.summary && env.GITHUB_STEP_SUMMARY && !write('$GITHUB_STEP_SUMMARY', env.GITHUB_STEP_SUMMARY, () => appendFileSync(resolve(cwd, env.GITHUB_STEP_SUMMARY), report + '\n'))) return 2;
  return breaking.length && !intent.marked ? 1 : 0;
}

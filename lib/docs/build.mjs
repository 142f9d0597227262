// @ts-check
// Builds the HTML reference: Redoc through `redocly build-docs`, from the
// spec source as it is now (openapi/openapi.yaml and the files it references,
// not the committed bundle, so an edit shows before `npm run generate`), into
// one HTML file that works offline: --inlineBundle embeds Redoc's scripts and
// styles, and the only thing Redoc still fetches when the page opens, its
// attribution logo, is inlined here.
//
// build-docs has no library entry, so this is the one place a Redocly CLI
// runs, and it is the docs' own copy: `redocly-cli-docs`, @redocly/cli 2.77.0
// under an npm alias (DECISIONS.md D103). The bundle and lint run in process
// on @redocly/openapi-core 2.62.1, with @redocly/cli pinned to match (D100);
// but 2.62.1's build-docs has no --inlineBundle and renders with the older
// Redoc 2.5.4, fetched from cdn.redocly.com.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { makeDirectory } from '../files/index.mjs';

/** A build that failed: `message` holds the CLI's own output. */
export class DocsBuildError extends Error {
  name = 'DocsBuildError';
}

// Redocly's Node-version banner and update notice: noise, not a finding.
const BANNER = /^\s*[╔║╚]|Node\.js 20 (support|reached)|Future Redocly CLI|You are using Node|Update Node\.js/;

// The same words as the CDN logo, drawn as inline SVG: the credit stays and
// nothing leaves the machine (the docs test fails on any request that does).
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#555">Redocly</text></svg>`;

/**
 * Renders `spec` into the single HTML file `out` (folders made).
 * @param {{ spec: string, out: string }} paths the entry file of the source, and the HTML to write
 * @returns {{ bytes: number }} the size of the written file
 * @throws {DocsBuildError} when build-docs fails (its output, banner removed, is the message)
 */
export function buildDocs({ spec, out }) {
  makeDirectory(dirname(out));
  // By path: both Redocly CLIs install a `redocly` bin, so node_modules/.bin/redocly may be either.
  const cli = createRequire(import.meta.url).resolve('redocly-cli-docs/bin/cli.js');
  const result = spawnSync(process.execPath, [cli, 'build-docs', spec, '-o', out, '--inlineBundle'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (result.error) throw new DocsBuildError(`redocly: could not start (${result.error.message}). Run npm ci first.`);
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.split('\n').filter((line) => !BANNER.test(line)).join('\n').replace(/\n{3,}/g, '\n\n').trim();
    throw new DocsBuildError(`${output}\nredocly build-docs failed (exit ${result.status}).`);
  }
  const dataUri = `data:image/svg+xml,${encodeURIComponent(LOGO)}`;
  const html = readFileSync(out, 'utf8').replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, dataUri);
  writeFileSync(out, html);
  return { bytes: html.length };
}


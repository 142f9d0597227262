// @ts-check
// The upstream check: our bundle against SignalWire's published OpenAPI
// document. `scripts/upstream.mjs` is its command line.
import { BUNDLE_PATH, loadDocument } from '../spec/index.mjs';
import { compareDocuments } from './compare.mjs';
import { readDecisions } from './decisions.mjs';
import { toJson, toMarkdown } from './report.mjs';

export { compareDocuments, KINDS } from './compare.mjs';
export { decisionProblem, decisionsOf, parseDecisions, readDecisions } from './decisions.mjs';
export { summarize, toJson, toMarkdown } from './report.mjs';

/**
 * Loads both documents, compares them and renders the report both ways.
 *
 * @param {{ upstream: string, ours?: string, root?: string }} options
 *   upstream: file path or http(s) URL of SignalWire's document; ours: our
 *   bundle (default `generated/openapi.json`); root: where DECISIONS.md is
 *   (default the working directory)
 * @returns {Promise<{ markdown: string, json: string, exitCode: 0 | 1, report: ReturnType<typeof toJson> }>}
 *   exitCode 1 when a difference is unexplained
 * @throws {Error} when a document or DECISIONS.md cannot be read, or upstream's holds a `$ref` to another file
 */
export async function runUpstreamCheck({ upstream, ours = BUNDLE_PATH, root = '.' }) {
  const decisions = readDecisions(root);
  // Upstream's file is one compiled document: a $ref of it to another file is refused, never read (it would copy a local file into the report).
  const [mine, theirs] = await Promise.all([loadDocument(ours), loadDocument(upstream, { external: false })]);
  const comparison = compareDocuments(mine, theirs, { decisions });
  const meta = { ours, upstream, decisions };
  const report = toJson(comparison, meta);
  return { markdown: toMarkdown(comparison, meta), json: JSON.stringify(report, null, 2) + '\n', exitCode: report.exitCode, report };
}

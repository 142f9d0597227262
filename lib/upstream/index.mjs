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
 * A source as reports and errors show it: a URL's user name and password
 * become `[redacted]`, as does each query value (a raw file's link may carry
 * a token); a file path is shown as given.
 *
 * @param {string} source file path or URL
 * @returns {string}
 */
export function shownSource(source) {
  if (!/^https?:\/\//i.test(source)) return source;
  let url;
  try {
    url = new URL(source);
  } catch {
    return source;
  }
  const auth = url.username || url.password ? '[redacted]@' : '';
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=[redacted]`).join('&');
  return `${url.protocol}//${auth}${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Loads both documents, compares them and renders the report both ways.
 *
 * @param {{ upstream: string, ours?: string, root?: string }} options
 *   upstream: file path or http(s) URL of SignalWire's document; ours: our
 *   bundle (default `generated/openapi.json`); root: where DECISIONS.md is
 *   (default the working directory)
 * @returns {Promise<{ markdown: string, json: string, exitCode: 0 | 1, report: ReturnType<typeof toJson> }>}
 *   exitCode 1 when a difference is unexplained
 * @throws {Error} when a document or DECISIONS.md cannot be read, is not OpenAPI 3.x (Swagger 2.0 included), or upstream's holds a `$ref` to another file
 */
export async function runUpstreamCheck({ upstream, ours = BUNDLE_PATH, root = '.' }) {
  const decisions = readDecisions(root);
  // Upstream's file is one compiled document: a $ref of it to another file is refused, never read (it would copy a local file into the report).
  const [mine, theirs] = await Promise.all([loadDocument(ours), loadDocument(upstream, { external: false })]);
  for (const loaded of [mine, theirs]) openApi3(loaded);
  const comparison = compareDocuments(mine, theirs, { decisions });
  const meta = { ours: shownSource(ours), upstream: shownSource(upstream), decisions };
  const report = toJson(comparison, meta);
  return { markdown: toMarkdown(comparison, meta), json: JSON.stringify(report, null, 2) + '\n', exitCode: report.exitCode, report };
}

/**
 * Refuses a document that is not OpenAPI 3.x: Swagger 2.0 keeps bodies in
 * `in: body` parameters and response schemas outside `content`, so read as 3.x
 * every body would be reported missing.
 *
 * @param {import('../spec/index.mjs').LoadedDocument} loaded
 * @throws {Error} naming the source and the version found
 */
function openApi3({ document, source }) {
  if (typeof document.openapi === 'string' && /^3\.\d+(?:\.\d+)?(?:-[\w.]+)?$/.test(document.openapi)) return;
  const version = typeof document.swagger === 'string' && document.openapi === undefined ? `Swagger ${document.swagger}` : `OpenAPI ${String(document.openapi)}`;
  throw new Error(`${source}: ${version} is not compared; the check reads OpenAPI 3.0 and 3.1 documents (convert it first)`);
}

// @ts-check
// The decisions of DECISIONS.md and the `x-decision` links that point at
// them. One reading, shared by the upstream report and the lint rule.
import { readFileSync } from 'node:fs';

/** Where the decisions are, relative to the repository root. */
export const DECISIONS_PATH = 'DECISIONS.md';

/** The shape of one decision id: `D` and a number (`D14`). */
export const DECISION_ID = /^D[1-9]\d*$/;

const HEADING = /^###\s+(D[1-9]\d*)\.\s+(.*?)\s*$/gm;

/**
 * The decisions a DECISIONS.md text defines: each `### D<n>. <title>` heading.
 *
 * @param {string} text the Markdown
 * @returns {Map<string, string>} id (`D14`) → title (its date in parentheses dropped)
 */
export function parseDecisions(text) {
  const out = new Map();
  for (const [, id, title] of String(text).matchAll(HEADING)) out.set(id, title.replace(/\s*\(\d{4}-\d{2}-\d{2}\)$/, ''));
  return out;
}

/**
 * Reads DECISIONS.md (`DECISIONS_PATH` under `root`).
 *
 * @param {string} [root] repository root (default the working directory)
 * @returns {Map<string, string>} as `parseDecisions`
 * @throws {Error} when the file cannot be read
 */
export function readDecisions(root = '.') {
  return parseDecisions(readFileSync(`${root}/${DECISIONS_PATH}`, 'utf8'));
}

/**
 * The decision ids an OpenAPI node links to through `x-decision`: a string
 * (`D14`) or a list of strings (`[D5, D19]`). Anything else yields no id;
 * the lint rule (`lib/lint/decisions-plugin.mjs`) refuses it.
 *
 * @param {unknown} node any node of a document
 * @returns {string[]}
 */
export function decisionsOf(node) {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, 'x-decision')) return [];
  const value = /** @type {any} */ (node)['x-decision'];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((id) => typeof id === 'string');
}

/**
 * What is wrong with an `x-decision` value, or null when nothing is: it must
 * be one id or a non-empty list of distinct ids, each defined in `decisions`.
 *
 * @param {unknown} value the `x-decision` value
 * @param {Map<string, string>} decisions as `parseDecisions`
 * @returns {string | null}
 */
export function decisionProblem(value, decisions) {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return 'x-decision must name at least one decision (D<number>)';
  for (const id of list) {
    if (typeof id !== 'string' || !DECISION_ID.test(id)) return `x-decision must be a decision id such as D14, or a list of them; got ${JSON.stringify(id)}`;
    if (!decisions.has(id)) return `x-decision ${id} is not a decision of ${DECISIONS_PATH} (no "### ${id}." heading)`;
  }
  if (new Set(list).size !== list.length) return 'x-decision lists a decision twice';
  return null;
}

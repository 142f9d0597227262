// Reads the intent to break from CHANGELOG.md: a breaking change is intended
// when `## Unreleased` has a `### Breaking` entry naming each endpoint it
// affects ("POST /api/relay/rest/endpoints/sip"), so the note reviewers
// approve is the note users read.
import { directionOf, sortOperations } from './usage.mjs';

/** The placeholder of the entry the report proposes (report.mjs): an entry that still holds it says nothing. */
export const PLACEHOLDER = '<what changed and why>';

/**
 * The text of `### Breaking` (or `### Breaking changes`) under `## Unreleased`,
 * without HTML comments, fenced code blocks (a template shown in the preface is
 * no entry) and lines that still hold the proposed entry's placeholder; '' when absent.
 * @param {string} changelog
 */
export function unreleasedBreaking(changelog) {
  const text = changelog
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm, '');
  const unreleased = text.split(/^## /m).find((section) => /^\[?Unreleased\]?\s*$/im.test(section.split('\n')[0]));
  if (!unreleased) return '';
  const breaking = unreleased.split(/^### /m).find((section) => /^Breaking( changes)?\s*$/i.test(section.split('\n')[0]));
  if (!breaking) return '';
  return breaking.split('\n').slice(1).filter((line) => !line.includes(PLACEHOLDER)).join('\n').trim();
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The endpoints a breaking entry (compare.mjs) breaks: the operations reached
 * in a direction whose effect is breaking (a codec removed from requests
 * names the operations that send it, not those that only answer it); all of
 * them when the effect has no direction.
 * @param {import('./compare.mjs').Entry} change
 * @returns {string[]}
 */
export function brokenEndpoints(change) {
  const broken = new Set(change.effects.filter((e) => e.type === 'breaking').map((e) => e.direction));
  return change.operations.filter(({ parts }) => broken.has(null) || parts.some((part) => broken.has(directionOf(part)))).map((o) => o.endpoint);
}

/**
 * Whether the breaking `changes` are marked intended in `changelog` (the text of CHANGELOG.md).
 * @param {string} changelog
 * @param {import('./compare.mjs').Entry[]} changes the breaking entries
 * @returns {{ marked: boolean, hasEntry: boolean, missing: string[], endpoints: string[] }}
 *   `endpoints`: every endpoint the entry must name; `missing`: those it does not.
 */
export function breakingIntent(changelog, changes) {
  const entry = unreleasedBreaking(changelog);
  const endpoints = sortOperations([...new Set(changes.flatMap(brokenEndpoints))].map((endpoint) => ({ endpoint }))).map((o) => o.endpoint);
  // "GET /x" must not count as naming "GET /x/{id}", "GET /x.json" or "XGET /x": the endpoint has to stand alone
  // (a full stop after it ends a sentence).
  const missing = endpoints.filter((endpoint) => !new RegExp(`(?<![\\w/])${escape(endpoint)}(?![\\w/{}~%-]|\\.\\w)`).test(entry));
  const hasEntry = /^\s*[-*] \S/m.test(entry);
  return { marked: changes.length > 0 && hasEntry && missing.length === 0, hasEntry, missing, endpoints };
}

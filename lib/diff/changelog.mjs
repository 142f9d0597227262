// Reads the intent to break from CHANGELOG.md: a breaking change is intended
// when `## Unreleased` has a `### Breaking` entry naming each endpoint it
// affects ("POST /api/relay/rest/endpoints/sip"), so the note reviewers
// approve is the note users read; the entry must be new or edited since the
// compared ref (an older one was approved for another change).
import { marked } from 'marked';
import { directionOf, sortOperations } from './usage.mjs';

/** The placeholder of the entry the report proposes (report.mjs): an entry that still holds it says nothing. */
export const PLACEHOLDER = '<what changed and why>';

/**
 * The visible words of Markdown tokens (marked's lexer): text and code spans
 * (kept in backticks), without HTML (blocks, inline tags, comments) and code
 * blocks, which a reader of the rendered file does not read as an entry.
 * @param {import('marked').Token[]} tokens
 * @returns {string}
 */
function visibleText(tokens) {
  // marked's lexer gives text and code spans HTML-escaped (`&#39;`): the words are what the reader sees.
  const unescaped = (text) => text.replace(/&(lt|gt|quot|#39|amp);/g, (_, name) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]);
  return tokens.map((token) => {
    if (token.type === 'html' || token.type === 'code') return ' ';
    if (token.type === 'codespan') return `\`${unescaped(token.text)}\``;
    if (token.type === 'list') return token.items.map((item) => ` ${visibleText(item.tokens)}`).join('');
    if ('tokens' in token && Array.isArray(token.tokens)) return visibleText(token.tokens);
    if (token.type === 'text' || token.type === 'escape') return unescaped(token.text);
    return token.type === 'space' || token.type === 'br' ? ' ' : '';
  }).join('');
}

/**
 * The entries of `### Breaking` (or `### Breaking changes`) under `## Unreleased`,
 * each as one line `- <its words>` (whitespace collapsed), as a reader of the
 * rendered file sees them (CommonMark, by marked's lexer): only list items
 * count, with their text and code spans; HTML comments (an unclosed `<!--`
 * hides the rest of the file), HTML blocks, code blocks (a template shown in
 * a fence or by indentation), link reference definitions, empty items and
 * items that still hold the proposed entry's placeholder are left out.
 * None when there is no such section.
 * @param {string} changelog
 * @returns {string[]}
 */
function breakingEntries(changelog) {
  const tokens = marked.lexer(changelog);
  const unreleased = tokens.findIndex((t) => t.type === 'heading' && t.depth === 2 && /^\[?Unreleased\]?$/i.test(t.text.trim()));
  if (unreleased < 0) return [];
  const entries = [];
  let inBreaking = false;
  for (const token of tokens.slice(unreleased + 1)) {
    if (token.type === 'heading' && token.depth <= 2) break;
    if (token.type === 'heading' && token.depth === 3) inBreaking = /^Breaking( changes)?$/i.test(token.text.trim());
    else if (inBreaking && token.type === 'list') {
      // The placeholder reads as an HTML tag to a Markdown parser: look for it in what was written.
      for (const item of token.items) if (!item.raw.includes(PLACEHOLDER)) entries.push(`- ${visibleText(item.tokens).replace(/\s+/g, ' ').trim()}`);
    }
  }
  return entries.filter((entry) => entry !== '- ');
}

/**
 * The `### Breaking` entries under `## Unreleased` (breakingEntries), one per line; '' when there are none.
 * @param {string} changelog
 * @returns {string}
 */
export function unreleasedBreaking(changelog) {
  return breakingEntries(changelog).join('\n');
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

/** Whether the text names `endpoint` on its own: not as a prefix of "GET /x/{id}", "GET /x.json" or "XGET /x" (a full stop after it ends a sentence). */
const names = (text, endpoint) => new RegExp(`(?<![\\w/])${escape(endpoint)}(?![\\w/{}~%-]|\\.\\w)`).test(text);

/**
 * Whether the breaking `changes` are marked intended in `changelog` (the text
 * of CHANGELOG.md). Only entries that `baseChangelog` (CHANGELOG.md at the
 * compared ref) does not have under `## Unreleased` → `### Breaking` count:
 * an entry is approved with the pull request that adds or edits it
 * (CONTRIBUTING.md), and one already there was approved for an earlier
 * change (DECISIONS.md D155).
 * @param {string} changelog
 * @param {import('./compare.mjs').Entry[]} changes the breaking entries
 * @param {string} [baseChangelog] CHANGELOG.md at the compared ref ('' when it has none)
 * @returns {{ marked: boolean, hasEntry: boolean, missing: string[], endpoints: string[], approved: string[] }}
 *   `endpoints`: every endpoint the entry must name; `missing`: those no new
 *   entry names; `approved`: those of `missing` that an entry the base already
 *   has names; `hasEntry`: a new entry exists.
 */
export function breakingIntent(changelog, changes, baseChangelog = '') {
  // Entries compared by their words (breakingEntries collapses whitespace): reflowing or re-indenting one is no edit.
  const before = new Set(breakingEntries(baseChangelog));
  const entries = breakingEntries(changelog);
  const added = entries.filter((entry) => !before.has(entry));
  const entry = added.join('\n');
  const kept = entries.filter((e) => before.has(e)).join('\n');
  const endpoints = sortOperations([...new Set(changes.flatMap(brokenEndpoints))].map((endpoint) => ({ endpoint }))).map((o) => o.endpoint);
  const missing = endpoints.filter((endpoint) => !names(entry, endpoint));
  const approved = missing.filter((endpoint) => names(kept, endpoint));
  const hasEntry = added.length > 0;
  return { marked: changes.length > 0 && hasEntry && missing.length === 0, hasEntry, missing, endpoints, approved };
}

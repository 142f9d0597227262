// Reads the intent to break from CHANGELOG.md: a breaking change is intended
// when `## Unreleased` has a `### Breaking` entry naming each endpoint it
// affects ("POST /api/relay/rest/endpoints/sip"), so the note reviewers
// approve is the note users read.

/** The text of `### Breaking` under `## Unreleased`, comments removed; '' when absent. */
export function unreleasedBreaking(changelog) {
  const text = changelog.replace(/<!--[\s\S]*?-->/g, '');
  const unreleased = text.split(/^## /m).find((section) => /^\[?Unreleased\]?\s*$/im.test(section.split('\n')[0]));
  if (!unreleased) return '';
  const breaking = unreleased.split(/^### /m).find((section) => /^Breaking\s*$/i.test(section.split('\n')[0]));
  return breaking ? breaking.split('\n').slice(1).join('\n').trim() : '';
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the breaking `changes` are marked intended, and the endpoints the entry still has to name. */
export function breakingIntent(changelog, changes) {
  const entry = unreleasedBreaking(changelog);
  const endpoints = [...new Set(changes.flatMap((change) => change.affects.map((a) => a.endpoint)))];
  // "GET /x" must not count as naming "GET /x/{id}": the path has to end there.
  const missing = endpoints.filter((endpoint) => !new RegExp(`${escape(endpoint)}(?![\\w/{}-])`).test(entry));
  const hasEntry = /^\s*[-*] \S/m.test(entry);
  return { marked: changes.length > 0 && hasEntry && missing.length === 0, hasEntry, missing, endpoints };
}

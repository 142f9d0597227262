// Renders the change entries (compare.mjs) as Markdown for a pull request's
// job summary or an attached file: a count per class and a summary table
// (one row per change: class, what, where it is written, how requests and
// answers are affected, how many operations it reaches), then the details of
// each class folded in <details>, then the verdict on breaking changes.
import { TITLES, TYPES } from './rules.mjs';
import { PLACEHOLDER } from './changelog.mjs';
import { code } from './words.mjs';

const DIRECTIONS = { request: 'requests', response: 'answers' };

/** "breaking" for requests, "—" where the direction is not reached. */
function cell(entry, direction) {
  const effects = entry.effects.filter((e) => e.direction === direction || (e.direction === null && direction === null));
  return effects.length ? effects.map((e) => TITLES[e.type].toLowerCase()).join(', ') : '—';
}

/** One row of the summary table. */
function row(entry) {
  const directed = entry.effects.some((e) => e.direction);
  const requests = directed ? cell(entry, 'request') : '—';
  const answers = directed ? cell(entry, 'response') : '—';
  const cells = [TITLES[entry.type], entry.change, entry.subject, requests, answers, String(entry.operations.length)];
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}

/** The details of one entry: where, why per direction, the changed words, the operations. */
function details(entry) {
  const lines = [`- **${entry.change}** in ${entry.subject}`, `  - at ${code(entry.location)}`];
  for (const effect of entry.effects) {
    const who = effect.direction ? `${DIRECTIONS[effect.direction]}: ` : '';
    lines.push(`  - ${who}${TITLES[effect.type].toLowerCase()}: ${effect.reason}`);
  }
  if (entry.text) lines.push(`  - text: ${entry.text}`);
  if (entry.components) lines.push(`  - with ${entry.type === 'breaking' ? 'removed' : 'new'} ${entry.components.join(', ')}`);
  // An operation's own entry names it already.
  const self = entry.operations.length === 1 && entry.subject === `operation ${code(entry.operations[0].endpoint)}` && entry.operations[0].parts.join() === 'operation';
  if (entry.operations.length && !self) {
    const reach = entry.operations.map(({ endpoint, parts }) => `${code(endpoint)}${parts.length && !(parts.length === 1 && parts[0] === 'operation') ? ` (${parts.join(', ')})` : ''}`);
    lines.push(`  - ${entry.operations.length === 1 ? 'operation' : `operations (${entry.operations.length})`}: ${reach.join('; ')}`);
  }
  return lines.join('\n');
}

/** The verdict: no breaking change, or marked, or how to mark it. */
function verdict(breaking, exhaustive, intent, base) {
  const note = exhaustive.length
    ? `\n\n${exhaustive.length} ${exhaustive.length === 1 ? 'change' : 'changes'} may break consumers that switch exhaustively over a value, a variant or a status (GitHub counts them additive; they need no \`### Breaking\` entry, but name them under \`### Changed\`).`
    : '';
  if (!breaking.length) return `**Result:** no breaking change.${note}`;
  const count = `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}`;
  if (intent.marked) return `**Result:** ${count}, marked intended in CHANGELOG.md (\`## Unreleased\` → \`### Breaking\`).${note}`;
  const todo = intent.hasEntry
    ? `The \`### Breaking\` entries added under \`## Unreleased\` in CHANGELOG.md do not name ${intent.missing.map(code).join(', ')}.`
    : 'CHANGELOG.md has no new `### Breaking` entry under `## Unreleased`.';
  const approved = intent.approved?.length
    ? ` Entries already under \`## Unreleased\` at ${code(base)} name ${intent.approved.map(code).join(', ')}, but they were approved for earlier changes: only an entry this change adds or edits counts.`
    : '';
  const example = ['```markdown', '## Unreleased', '', '### Breaking', '', `- ${PLACEHOLDER}: ${intent.endpoints.map((e) => `\`${e}\``).join(', ') || '<no endpoint: say what changed>'}`, '```'].join('\n');
  return `**Result:** ${count} not marked as intended. ${todo}${approved} If the change is intended, add an entry that names every affected endpoint, for example:\n\n${example}${note}`;
}

/**
 * The report as Markdown.
 * @param {{ base: string, head?: string, changes: import('./compare.mjs').Entry[], intent: ReturnType<typeof import('./changelog.mjs').breakingIntent> }} input
 *   `base`: the git ref compared with; `head`: what it is compared to (default "working tree").
 * @returns {string}
 */
export function renderReport({ base, head = 'working tree', changes, intent }) {
  const byType = Object.fromEntries(TYPES.map((type) => [type, changes.filter((c) => c.type === type)]));
  const out = [`## API changes: ${code(base)} → ${head}`, ''];
  const counts = TYPES.filter((t) => byType[t].length).map((t) => `${byType[t].length} ${TITLES[t].toLowerCase()}`);
  out.push(changes.length ? `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${counts.join(', ')}.` : 'No API change.', '');
  if (changes.length) {
    out.push('| Class | Change | Where | Requests | Answers | Operations |', '| --- | --- | --- | --- | --- | ---: |');
    for (const entry of changes) out.push(row(entry));
    out.push('');
    for (const type of TYPES) {
      if (!byType[type].length) continue;
      out.push('<details>', `<summary>${TITLES[type]} (${byType[type].length})</summary>`, '', byType[type].map(details).join('\n'), '', '</details>', '');
    }
  }
  out.push(verdict(byType.breaking, byType.exhaustive, intent, base), '');
  return out.join('\n');
}

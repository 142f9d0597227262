// Renders the changes as Markdown for a pull-request comment or a job
// summary: a count per class, then every change with its JSON path and the
// endpoints it reaches, then the verdict on breaking changes.
import { TYPES } from './api-diff.mjs';

const TITLES = { breaking: 'Breaking', deprecated: 'Deprecated', 'non-breaking': 'Non-breaking', annotation: 'Annotation', unclassified: 'Unclassified' };

function item(change) {
  const lines = [`- ${change.description}`];
  for (const location of change.locations) lines.push(`  - at \`${location}\``);
  if (change.affects.length) {
    const reach = change.affects.map(({ endpoint, parts }) => `\`${endpoint}\`${parts.length ? ` (${parts.join(', ')})` : ''}`);
    lines.push(`  - in ${reach.join('; ')}`);
  }
  return lines.join('\n');
}

function verdict(breaking, intent) {
  if (!breaking.length) return '**Result:** no breaking change.';
  const count = `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}`;
  if (intent.marked) return `**Result:** ${count}, marked intended in CHANGELOG.md (\`## Unreleased\` → \`### Breaking\`).`;
  const todo = intent.hasEntry ? `The \`### Breaking\` entry under \`## Unreleased\` in CHANGELOG.md does not name ${intent.missing.map((e) => `\`${e}\``).join(', ')}.` : 'CHANGELOG.md has no `### Breaking` entry under `## Unreleased`.';
  const example = ['```markdown', '## Unreleased', '', '### Breaking', '', `- <what changed and why>: ${intent.endpoints.map((e) => `\`${e}\``).join(', ') || '<no endpoint: say what changed>'}`, '```'].join('\n');
  return `**Result:** ${count} not marked as intended. ${todo} If the change is intended, add an entry that names every affected endpoint, for example:\n\n${example}`;
}

export function renderReport({ base, changes, intent }) {
  const byType = Object.fromEntries(TYPES.map((type) => [type, changes.filter((c) => c.type === type)]));
  const out = [`## API changes: \`${base}\` → working tree`, ''];
  out.push(`| ${TYPES.map((t) => TITLES[t]).join(' | ')} |`, `| ${TYPES.map(() => '---:').join(' | ')} |`, `| ${TYPES.map((t) => byType[t].length).join(' | ')} |`, '');
  for (const type of TYPES) {
    out.push(`### ${TITLES[type]} (${byType[type].length})`, '');
    out.push(byType[type].length ? byType[type].map(item).join('\n') : 'None.', '');
  }
  out.push(verdict(byType.breaking, intent), '');
  return out.join('\n');
}

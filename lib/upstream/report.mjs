// @ts-check
// The upstream comparison as Markdown (for people and the workflow's
// artifact) or as one JSON object (for tools).
import { KINDS } from './compare.mjs';

/**
 * @typedef {import('./compare.mjs').Difference} Difference
 * @typedef {import('./compare.mjs').Comparison} Comparison
 */

/**
 * Counts: all differences, explained, unexplained, per kind, and how many
 * differences each decision explains.
 *
 * @param {Difference[]} differences
 * @returns {{ total: number, explained: number, unexplained: number, byKind: Record<string, { explained: number, unexplained: number }>, byDecision: Record<string, number> }}
 */
export function summarize(differences) {
  const byKind = new Map();
  const byDecision = new Map();
  for (const d of differences) {
    const counts = byKind.get(d.kind) ?? { explained: 0, unexplained: 0 };
    counts[d.explained ? 'explained' : 'unexplained']++;
    byKind.set(d.kind, counts);
    for (const id of d.decisions) byDecision.set(id, (byDecision.get(id) ?? 0) + 1);
  }
  const explained = differences.filter((d) => d.explained).length;
  /** @type {(x: [string, number], y: [string, number]) => number} */
  const byNumber = ([a], [b]) => Number(a.slice(1)) - Number(b.slice(1));
  return {
    total: differences.length,
    explained,
    unexplained: differences.length - explained,
    byKind: Object.fromEntries([...byKind].sort(([a], [b]) => a.localeCompare(b))),
    byDecision: Object.fromEntries([...byDecision].sort(byNumber)),
  };
}

/**
 * The report as a JSON-ready object.
 *
 * @param {Comparison} comparison
 * @param {{ ours: string, upstream: string, decisions: Map<string, string> }} meta where each side came from; the decisions for their titles
 * @returns {{ ours: string, upstream: string, operations: Comparison['operations'], summary: ReturnType<typeof summarize>, differences: Array<Difference & { decisionTitles: string[] }>, exitCode: 0 | 1 }}
 */
export function toJson(comparison, { ours, upstream, decisions }) {
  const differences = ordered(comparison.differences).map((d) => ({ ...d, decisionTitles: d.decisions.map((id) => decisions.get(id) ?? '') }));
  const summary = summarize(differences);
  return { ours, upstream, operations: comparison.operations, summary, differences, exitCode: summary.unexplained ? 1 : 0 };
}

/**
 * Unexplained first, then in the order found (operation by operation).
 *
 * @param {Difference[]} differences
 * @returns {Difference[]}
 */
function ordered(differences) {
  return differences
    .map((d, i) => ({ d, i }))
    .sort((x, y) => Number(x.d.explained) - Number(y.d.explained) || x.i - y.i)
    .map(({ d }) => d);
}

/**
 * A value as Markdown table text: JSON, `|` escaped, long values shortened.
 *
 * @param {unknown} value
 * @param {number} [max] characters kept
 * @returns {string}
 */
function cell(value, max = 160) {
  if (value === undefined) return '—';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** @param {unknown} text */
const code = (text) => (text ? `\`${String(text).replace(/`/g, "'")}\`` : '');

/** @param {Difference} d */
function heading(d) {
  const { operationId, method, path, family } = d.operation;
  const id = operationId ?? '(no operationId)';
  const fam = family ? ` (${family === 'relay' ? 'Relay' : family === 'fabric' ? 'Fabric' : family})` : '';
  const extra = d.kind === 'operation-extra' ? ' — upstream only' : '';
  return `#### ${code(id)} ${method} ${code(path)}${fam}${extra}`;
}

/**
 * @template {Difference} T
 * @param {T[]} differences
 * @returns {Map<string, T[]>}
 */
function groupByOperation(differences) {
  /** @type {Map<string, T[]>} */
  const groups = new Map();
  for (const d of differences) {
    const key = `${d.operation.method} ${d.operation.path}`;
    const group = groups.get(key) ?? [];
    group.push(d);
    groups.set(key, group);
  }
  return groups;
}

/** @param {Difference} d */
function where(d) {
  const field = d.field ? ` ${code(d.field)}` : '';
  const n = d.variants.length;
  const variants = n === 0 ? '' : n <= 3 ? ` (in ${d.variants.map(code).join(', ')})` : ` (in ${n} variants: ${d.variants.slice(0, 2).map(code).join(', ')}, …)`;
  return `${d.where}${field}${variants}`;
}

/**
 * The report as Markdown: a summary, then the unexplained differences
 * grouped by operation, then the explained ones with their decisions.
 *
 * @param {Comparison} comparison
 * @param {{ ours: string, upstream: string, decisions: Map<string, string> }} meta
 * @returns {string}
 */
export function toMarkdown(comparison, meta) {
  const json = toJson(comparison, meta);
  const { summary } = json;
  const lines = [
    '# Upstream check',
    '',
    `Our bundle (${code(meta.ours)}) against SignalWire's published definition (${code(meta.upstream)}): ${json.operations.matched} of our ${json.operations.ours} operations found upstream.`,
    '',
    `**${summary.total} differences: ${summary.unexplained} unexplained, ${summary.explained} explained by a decision.**`,
    '',
  ];
  if (summary.total) {
    lines.push('| kind | meaning | unexplained | explained |', '| --- | --- | ---: | ---: |');
    for (const [kind, n] of Object.entries(summary.byKind)) lines.push(`| ${kind} | ${/** @type {Record<string, string>} */ (KINDS)[kind] ?? ''} | ${n.unexplained} | ${n.explained} |`);
    lines.push('');
  }
  if (Object.keys(summary.byDecision).length) {
    lines.push(`Decisions cited: ${Object.entries(summary.byDecision).map(([id, n]) => `${id} (${n})`).join(', ')}.`, '');
  }
  const unexplained = json.differences.filter((d) => !d.explained);
  const explained = json.differences.filter((d) => d.explained);

  lines.push('## Unexplained', '');
  if (!unexplained.length) lines.push('None: every difference points to a decision.', '');
  else {
    lines.push('Each of these is either a change upstream we have not looked at yet or a choice of ours without a recorded decision: fix the spec, or add a decision to `DECISIONS.md` and an `x-decision` link on the schema or operation concerned.', '');
    for (const [, group] of groupByOperation(unexplained)) {
      lines.push(heading(group[0]), '', '| kind | where | ours | upstream | note |', '| --- | --- | --- | --- | --- |');
      for (const d of group) {
        const note = d.unknownDecisions.length ? `${d.message}; x-decision ${d.unknownDecisions.join(', ')} not in DECISIONS.md` : d.message;
        lines.push(`| ${d.kind} | ${cell(where(d), 400)} | ${cell(d.ours)} | ${cell(d.upstream)} | ${cell(note)} |`);
      }
      lines.push('');
    }
  }

  lines.push('## Explained', '');
  if (!explained.length) lines.push('None.', '');
  for (const [, group] of groupByOperation(explained)) {
    lines.push(heading(group[0]), '', '| kind | where | ours | upstream | decision |', '| --- | --- | --- | --- | --- |');
    for (const d of group) {
      const decision = d.decisions.map((id, i) => `${id} ${d.decisionTitles[i]}`).join('; ');
      lines.push(`| ${d.kind} | ${cell(where(d), 400)} | ${cell(d.ours)} | ${cell(d.upstream)} | ${cell(decision)} |`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd() + '\n';
}

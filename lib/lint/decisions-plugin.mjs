// @ts-check
// Redocly plugin: every `x-decision` in the spec names decisions that exist.
// `x-decision: D14` (or `[D5, D19]`) links a schema, property, parameter,
// response or operation to the entry of DECISIONS.md that explains how it
// differs from SignalWire's own definition (see `npm run upstream`). A typo'd
// or removed id would make a difference look explained by nothing, so lint
// fails on it, naming the file and line.
//
// Registered in redocly.yaml as `sip-spec/decision-exists`.
import { readFileSync } from 'node:fs';
import { decisionProblem, parseDecisions } from '../upstream/decisions.mjs';

const DECISIONS_FILE = new URL('../../DECISIONS.md', import.meta.url);

/** The rule: checks the `x-decision` of every node, and of every `$ref` that carries one beside it. */
function DecisionExists() {
  const decisions = parseDecisions(readFileSync(DECISIONS_FILE, 'utf8'));
  /**
   * @param {any} node a node of the document, or a `$ref` object
   * @param {{ report: (problem: { message: string, location: unknown }) => void, location: { child: (key: string) => unknown } }} ctx Redocly's rule context
   */
  const check = (node, ctx) => {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, 'x-decision')) return;
    const problem = decisionProblem(node['x-decision'], decisions);
    if (problem) ctx.report({ message: problem, location: ctx.location.child('x-decision') });
  };
  return { any: { enter: check }, ref: { enter: check } };
}

/** The plugin object Redocly loads (`plugins:` in redocly.yaml). */
export default function decisionsPlugin() {
  return { id: 'sip-spec', rules: { oas3: { 'decision-exists': DecisionExists } } };
}

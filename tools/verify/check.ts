// Checks one HTTP answer against the operation's description in the bundled
// spec: the status must be declared, the body must validate against the
// schema declared for that status (with the shared Ajv validator), and fields
// the schema does not declare are named as warnings (responses are open, D23).
import { declaredStatuses, escapePointer as escape, responseFor, schemaAt, undocumentedFields, unescapePointer as unescape, validateAt, type ErrorObject } from '../bundled-spec.js';

/** The answer breaks the spec: the run fails. */
export type Mismatch = {
  operationId: string;
  /** Where, as a JSON path from the body's root (`$.data[0].sip_endpoint.codecs[1]`); `$` for the status and the body as a whole. */
  path: string;
  /** The same place as an RFC 6901 pointer (`/data/0/sip_endpoint/codecs/1`). */
  pointer: string;
  /** What the spec expects there. */
  expected: string;
  /** What came back. */
  got: string;
  /** What was checked: `status`, `body`, `content-type`, `json`, or the JSON Schema keyword(s). */
  keyword: string;
};

/** Worth knowing, not a failure. */
export type Warning = {
  operationId: string;
  kind: 'undocumented-field' | 'retried' | 'not-applied' | 'hint';
  /** A JSON path; array indices are `[*]` for undocumented fields, which are counted, not listed. */
  path: string;
  message: string;
  /** How many times it occurred in the body (undocumented fields). */
  count?: number;
};

export type Check = { mismatches: Mismatch[]; warnings: Warning[]; json: unknown };

const PREVIEW = 120;

/** A short, single-line rendering of a value for reports. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' && value.length > PREVIEW ? JSON.stringify(`${value.slice(0, PREVIEW)}…`) : JSON.stringify(value);
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `/data/0/sip_endpoint` → `$.data[0].sip_endpoint`, reading `root` to tell array indices from keys. */
export function jsonPath(pointer: string, root: unknown): string {
  let out = '$';
  let at: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = unescape(raw);
    if (Array.isArray(at) && /^\d+$/.test(key)) out += `[${key}]`;
    else out += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return out;
}

/** The value at `pointer`, and whether it exists. */
function lookup(pointer: string, root: unknown): { found: boolean; value: unknown } {
  let at: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = unescape(raw);
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, key)) return { found: false, value: undefined };
    at = (at as Record<string, unknown>)[key];
  }
  return { found: true, value: at };
}

const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** What one Ajv error says the spec expects, in words. */
function expectation(e: ErrorObject): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
    case 'dependentRequired':
      return `required property ${JSON.stringify(p.missingProperty)}`;
    case 'type':
      return Array.isArray(p.type) ? `type ${p.type.join(' or ')}` : `type ${String(p.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `one of ${list(p.allowedValues)}`;
    case 'const':
      return JSON.stringify(p.allowedValue);
    case 'format':
      return `format ${p.format}`;
    case 'pattern':
      return `a string matching ${p.pattern}`;
    case 'additionalProperties':
      return `no property ${JSON.stringify(p.additionalProperty)} (not allowed here)`;
    case 'false schema':
      return 'nothing (not allowed here)';
    case 'oneOf':
      return Array.isArray(p.passingSchemas) ? `exactly one alternative to match (alternatives ${p.passingSchemas.join(' and ')} match)` : 'one of the alternatives';
    case 'anyOf':
      return 'one of the alternatives';
    default:
      return e.message ?? e.keyword;
  }
}

const COMPOSITE = new Set(['oneOf', 'anyOf', 'if', 'not']);

/** Ajv errors grouped by the place they point at, each group one mismatch. */
export function mismatchesFrom(operationId: string, errors: ErrorObject[], body: unknown): Mismatch[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const p = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    if ((e.keyword === 'required' || e.keyword === 'dependentRequired') && typeof p.missingProperty === 'string') pointer += `/${escape(p.missingProperty)}`;
    if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') pointer += `/${escape(p.additionalProperty)}`;
    groups.set(pointer, [...(groups.get(pointer) ?? []), e]);
  }
  const out: Mismatch[] = [];
  for (const [pointer, group] of groups) {
    // A uuid or URL carries a strict pattern beside its format (D90, D91): when
    // the format fails too, it says the same in words, so the regex is left out.
    const raw = group.filter((e) => !COMPOSITE.has(e.keyword));
    const leaves = raw.some((e) => e.keyword === 'format') ? raw.filter((e) => e.keyword !== 'pattern') : raw;
    const alternatives = group.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    const described = [...new Set((leaves.length ? leaves : group).map(expectation))];
    const { found, value } = lookup(pointer, body);
    out.push({
      operationId,
      path: jsonPath(pointer, body),
      pointer,
      expected: described.join(alternatives ? ' or ' : '; '),
      got: found ? preview(value) : 'missing',
      keyword: [...new Set((leaves.length ? leaves : group).map((e) => e.keyword))].join('|'),
    });
  }
  return out;
}

/** Undocumented fields as warnings, array indices folded to `[*]` and counted. */
function undocumentedWarnings(operationId: string, schemaPointer: string, body: unknown): Warning[] {
  const counts = new Map<string, number>();
  for (const { at } of undocumentedFields(schemaAt(schemaPointer), body)) {
    const path = '$' + at.map((s) => (typeof s === 'number' ? '[*]' : IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
    counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return [...counts].map(([path, count]) => ({
    operationId,
    kind: 'undocumented-field' as const,
    path,
    count,
    message: 'field not described by the spec (responses are open, so it validates; see DECISIONS.md D23)',
  }));
}

/** A Fabric answer that carries the SIP fields at the top instead of in `sip_endpoint`: the seed 002 shape. */
function looksFlat(schemaPointer: string, body: unknown): boolean {
  const ref = schemaAt(schemaPointer)?.$ref;
  if (typeof ref !== 'string' || !ref.endsWith('/FabricSipCredential') || body === null || typeof body !== 'object') return false;
  return !('sip_endpoint' in body) && 'username' in body;
}

const statusList = (operationId: string) => {
  const codes = declaredStatuses(operationId);
  return codes.length > 1 ? `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}` : codes.join('');
};

/**
 * Checks one answer of `operationId`: `text` is the raw body, `contentType`
 * the Content-Type header. Returns the mismatches, the warnings, and the
 * parsed body when it was JSON.
 */
export function checkResponse(operationId: string, status: number, text: string, contentType: string | null): Check {
  const mismatches: Mismatch[] = [];
  const warnings: Warning[] = [];
  const at = (fields: Omit<Mismatch, 'operationId' | 'path' | 'pointer'>) => mismatches.push({ operationId, path: '$', pointer: '', ...fields });

  let json: unknown;
  let parsed = false;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
      parsed = true;
    } catch {
      // reported below when a JSON body is expected
    }
  }

  const response = responseFor(operationId, status);
  if (!response) {
    at({ keyword: 'status', expected: `HTTP ${statusList(operationId)} (the statuses ${operationId} declares)`, got: `HTTP ${status}` });
    return { mismatches, warnings, json };
  }
  if (response.schemaPointer === null) {
    if (text.trim() !== '') at({ keyword: 'body', expected: `no body (HTTP ${response.key} declares none)`, got: preview(parsed ? json : text) });
    return { mismatches, warnings, json };
  }
  if (text.trim() === '') {
    at({ keyword: 'body', expected: `a JSON body (HTTP ${response.key} declares one)`, got: 'an empty body' });
    return { mismatches, warnings, json };
  }
  if (!contentType || !/^application\/(.+\+)?json\b/i.test(contentType)) {
    at({ keyword: 'content-type', expected: 'Content-Type application/json', got: contentType ? `Content-Type ${contentType}` : 'no Content-Type' });
  }
  if (!parsed) {
    at({ keyword: 'json', expected: 'a JSON body', got: preview(text) });
    return { mismatches, warnings, json };
  }
  const { errors } = validateAt(response.schemaPointer, json);
  mismatches.push(...mismatchesFrom(operationId, errors, json));
  if (looksFlat(response.schemaPointer, json)) {
    warnings.push({ operationId, kind: 'hint', path: '$', message: 'the body looks like the flat SIP endpoint object, not the wrapped Fabric resource the spec describes (DECISIONS.md D11)' });
  }
  warnings.push(...undocumentedWarnings(operationId, response.schemaPointer, json));
  return { mismatches, warnings, json };
}

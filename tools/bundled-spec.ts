// The bundled spec (generated/openapi.json, the document the mock serves and
// the types are generated from) for the tests and `npm run verify`: its
// validators, built on the one Ajv setup (src/spec-validation.js, strict),
// and where its operations' schemas are written, found through the spec
// module (lib/spec: operations, pointers, the one `$ref` resolver). The tests
// (test/support/spec.ts) and verify (tools/verify/) both use it, so a body
// the tests accept is a body verify accepts.
//
// Nothing here ships in the package.
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createSpecValidation } from '../src/spec-validation.js';
import { followRefs, keysOfPointer, listOperations, locateInOperation, pointerOf, responseSchemaKeys, valueAt } from '../lib/spec/index.mjs';

export type { ErrorObject, ValidateFunction } from 'ajv';
export { escapePointer, unescapePointer } from '../lib/spec/index.mjs';

export const SPEC_PATH = new URL('../generated/openapi.json', import.meta.url);
export const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

const validation = createSpecValidation({ spec });

/** A validator for the schema at a JSON pointer of the bundle (`/components/schemas/X`); throws when nothing is there. */
export function validatorAt(pointer: string): ValidateFunction {
  return validation.validatorAt(pointer);
}

/** A validator for `#/components/schemas/<name>` of the bundle. */
export function schemaValidator(name: string): ValidateFunction {
  if (!Object.hasOwn(spec.components.schemas, name)) throw new Error(`No schema ${name} in the bundle`);
  return validatorAt(pointerOf(['components', 'schemas', name]));
}

export type Validation = { valid: boolean; errors: ErrorObject[] };

function run(fn: ValidateFunction, value: unknown): Validation {
  const valid = fn(value) as boolean;
  return { valid, errors: fn.errors ? [...fn.errors] : [] };
}

/** Validates `value` against `#/components/schemas/<name>`. */
export function validate(name: string, value: unknown): Validation {
  return run(schemaValidator(name), value);
}

/** Validates `value` against the schema at a JSON pointer of the bundle. */
export function validateAt(pointer: string, value: unknown): Validation {
  return run(validatorAt(pointer), value);
}

/** An operation of the bundle as written (`$ref`s in place): `op` is the operation object, `family` as its 422 response states it (lib/spec). */
export type Operation = { path: string; method: string; operationId: string; family: string | null; op: any; pathItem: any };

const listed: Operation[] = listOperations({ document: spec }).map((o) => ({
  path: o.path,
  method: o.method,
  operationId: o.operationId ?? '',
  family: o.family,
  op: o.operation,
  pathItem: o.pathItem,
}));

/** Every operation of the bundle, in path order then the path item's method order (lib/spec `listOperations`). */
export function operations(): Operation[] {
  return [...listed];
}

/** The operation with this operationId; throws when the spec has none. */
export function operation(operationId: string): Operation {
  const found = listed.find((o) => o.operationId === operationId);
  if (!found) throw new Error(`No operation ${operationId} in the bundle`);
  return found;
}

/** Follows local `#/...` references of the bundle until a node without `$ref` (lib/spec `followRefs`). */
export function deref<T = any>(node: any): T {
  return followRefs(spec, node).node;
}

/** The JSON pointer of an operation's JSON request body schema (where it is written); throws when the operation takes none. */
export function requestSchemaPointer(operationId: string): string {
  const { method, path } = operation(operationId);
  const at = validation.requestSchema(method, path);
  if (!at) throw new Error(`${operationId} takes no JSON body in the bundle`);
  return at.pointer;
}

/**
 * The pointer of the variant a body's discriminator value (`call_handler`)
 * selects in the union at `pointer` (through `discriminator.mapping`, nested
 * `oneOf`s included), or undefined. Its errors say what is wrong with the
 * body the caller meant, not why it fits none of the other variants.
 */
export function variantPointer(pointer: string, body: unknown): string | undefined {
  const keys = keysOfPointer(pointer);
  return keys ? validation.variantOf(keys, body)?.pointer : undefined;
}

/** Where an operation's response for `status` is described, after its `$ref`s. */
export type ResponseSpec = {
  /** The status key that matched: the code itself, `2XX`-style, or `default`. */
  key: string;
  /** JSON pointer of the `application/json` schema, or null when the response has no body. */
  schemaPointer: string | null;
};

/** The statuses an operation declares, as written (`200`, `201`, `default`, …). */
export function declaredStatuses(operationId: string): string[] {
  return Object.keys(operation(operationId).op.responses);
}

/** The response an operation declares for `status` (exact code, then `NXX`, then `default`), or null. */
export function responseFor(operationId: string, status: number): ResponseSpec | null {
  const { path, method, op } = operation(operationId);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => op.responses[k] !== undefined);
  if (!key) return null;
  // Located through the response's own $ref, so Ajv compiles the schema in place.
  const keys = locateInOperation(spec, method, path, responseSchemaKeys(key));
  return { key, schemaPointer: keys ? pointerOf(keys) : null };
}

/** The schema node at a JSON pointer of the bundle, as written (a `$ref` there is returned, not followed; `deref` follows it). */
export function schemaAt(pointer: string): any {
  const keys = keysOfPointer(pointer);
  return keys ? valueAt(spec, keys) : undefined;
}

/** A field of a response that its schema does not declare. */
export type UndocumentedField = {
  /** Pointer segments to the field; array indices are numbers. */
  at: Array<string | number>;
};

const MAX_DEPTH = 64;

/**
 * The fields of `value` that `schema` does not declare: properties of an
 * object whose schema lists `properties` and leaves further ones open (no
 * `additionalProperties` schema, no `patternProperties`). Responses in this
 * spec are open on purpose (D23), so such fields validate; this names them.
 * Unions are read generously: a field any branch of a `oneOf`/`anyOf`
 * declares counts as declared.
 */
export function undocumentedFields(schema: unknown, value: unknown): UndocumentedField[] {
  const found: UndocumentedField[] = [];
  walk([schema], value, [], 0, found);
  return found;
}

/** The schema and every schema it is combined with (`$ref`, `allOf`, `oneOf`, `anyOf`, `if/then/else`). */
function parts(schema: unknown, depth = 0, out: any[] = []): any[] {
  const node = deref(schema);
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return out;
  out.push(node);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (Array.isArray(node[key])) for (const branch of node[key]) parts(branch, depth + 1, out);
  }
  for (const key of ['then', 'else'] as const) if (node[key]) parts(node[key], depth + 1, out);
  return out;
}

/** Walks `value` against the union of `schemas`. */
function walk(schemas: unknown[], value: unknown, at: Array<string | number>, depth: number, found: UndocumentedField[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  const nodes = schemas.flatMap((s) => parts(s));
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const itemSchemas = nodes.map((n) => (Array.isArray(n.prefixItems) && index < n.prefixItems.length ? n.prefixItems[index] : n.items)).filter((s) => s && typeof s === 'object');
      if (itemSchemas.length) walk(itemSchemas, item, [...at, index], depth + 1, found);
    });
    return;
  }
  const declared = new Map<string, unknown[]>();
  for (const node of nodes) {
    for (const [name, sub] of Object.entries(node.properties ?? {})) declared.set(name, [...(declared.get(name) ?? []), sub]);
  }
  // Further properties described by a schema are documented; a schema that
  // lists no properties at all has nothing to compare with.
  const open = nodes.some(
    (n) => n.patternProperties || (n.additionalProperties !== undefined && n.additionalProperties !== false) || (n.unevaluatedProperties !== undefined && n.unevaluatedProperties !== false),
  );
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    const subs = declared.get(name);
    if (subs) walk(subs, child, [...at, name], depth + 1, found);
    else if (declared.size > 0 && !open) found.push({ at: [...at, name] });
  }
}

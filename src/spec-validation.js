// @ts-check
// The project's one Ajv setup: JSON Schema 2020-12 (the dialect of OpenAPI
// 3.1), strict mode on, ajv-formats, and the annotation keywords our spec
// writes in its schemas. Everything that validates against the spec builds
// on it: the client's validateResponses/validateRequests (src/validate.ts,
// imported lazily), the tests and `npm run verify` (tools/spec-validation.ts)
// and the mock's 422 wording (lib/mock/explain.mjs).
//
// Plain JavaScript with JSDoc types: it ships with the client and runs under
// plain Node in the mock. It takes the spec as an object and imports none.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { followRefs, fragmentOf, keysOfPointer, locateInOperation, pointerOf, REQUEST_SCHEMA, responseSchemaKeys, valueAt } from './spec-document.js';

/** @typedef {import('ajv').ValidateFunction} ValidateFunction */
/** @typedef {import('ajv').ErrorObject} ErrorObject */

/** The id the spec is registered under in Ajv; validators are compiled from `<SPEC_ID>#<pointer>`. */
export const SPEC_ID = 'https://sip-spec.local/openapi.json';

/**
 * Keywords our schemas carry that assert nothing (annotations), declared so
 * strict mode accepts them while still refusing any other unknown keyword:
 * - `discriminator`: OpenAPI's, read by tools; the variants' `const`s keep
 *   them apart (Ajv's own `discriminator` option refuses `mapping`, and Prism
 *   treats it as an annotation too);
 * - `x-violation-messages`: the words of a schema's rules for the mock's 422s;
 * - `x-decision`: links a schema to DECISIONS.md (`npm run upstream`).
 */
export const ANNOTATION_KEYWORDS = Object.freeze(['discriminator', 'x-violation-messages', 'x-decision']);

/**
 * The top-level keys of an OpenAPI 3.1 document, which are not JSON Schema:
 * declared so the whole document can be registered (and pointers into it
 * compiled) with strict mode on.
 */
export const OPENAPI_VOCABULARY = Object.freeze(['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'jsonSchemaDialect', 'webhooks', 'externalDocs']);

/**
 * @typedef {object} SpecValidation
 * @property {import('ajv').default} ajv the Ajv instance (shared by every validator below)
 * @property {(pointer: string) => ValidateFunction} validatorAt a validator for the schema at a JSON pointer of the spec (`/components/schemas/X`), compiled once; throws when nothing is there or no spec was given
 * @property {(method: string, path: string) => Located | undefined} requestSchema where an operation's JSON request body schema is written, or undefined when it takes none
 * @property {(method: string, path: string, status: string | number) => Located | undefined} responseSchema where the JSON schema of an operation's response for a declared status key (`200`, `4XX`, `default`) is written, or undefined when that response has no JSON body or is not declared
 * @property {(keys: ReadonlyArray<string | number>, body: unknown) => Located | undefined} variantOf the variant of the union at `keys` a body's discriminator value selects (through `discriminator.mapping`, nested `oneOf`s included), or undefined
 * @property {(schema: object) => ValidateFunction | null} compile a validator for a schema of its own (not a pointer into the spec; cached per object), or null when Ajv refuses it
 */

/**
 * @typedef {object} Located
 * @property {string} pointer the JSON pointer (`/paths/~1a/get/requestBody/content/application~1json/schema`)
 * @property {Array<string | number>} keys the same, as keys
 */

/**
 * Makes the one Ajv setup.
 *
 * @param {{ spec?: any, verbose?: boolean, annotations?: readonly string[] }} [options] spec: the bundled OpenAPI document as an object (not modified; registered under `SPEC_ID`); verbose: errors carry `schema` and `parentSchema` (the mock's wording reads them); annotations: further keywords that assert nothing, beside `ANNOTATION_KEYWORDS` (the mock passes `x-stoplight`, which Prism's loader writes into every schema it inlines)
 * @returns {SpecValidation}
 * @throws {Error} when the spec holds a schema strict mode refuses (an unknown keyword, say), at the first pointer compiled into it
 */
export function createSpecValidation({ spec, verbose = false, annotations = [] } = {}) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose });
  // ajv-formats is CommonJS: its function sits on `.default` under NodeNext and in bundlers.
  const addFormats = /** @type {any} */ (formatsModule).default ?? formatsModule;
  addFormats(ajv);
  for (const keyword of new Set([...ANNOTATION_KEYWORDS, ...annotations])) ajv.addKeyword(keyword);
  ajv.addVocabulary([...OPENAPI_VOCABULARY]);
  if (spec !== undefined) ajv.addSchema({ ...spec, $id: SPEC_ID });

  /** @type {Map<string, ValidateFunction>} */
  const byPointer = new Map();
  /** @type {WeakMap<object, ValidateFunction | null>} */
  const bySchema = new WeakMap();

  /** @param {Array<string | number> | undefined} keys @returns {Located | undefined} */
  const located = (keys) => (keys ? { keys, pointer: pointerOf(keys) } : undefined);

  return {
    ajv,
    validatorAt(pointer) {
      let validate = byPointer.get(pointer);
      if (!validate) {
        const keys = keysOfPointer(pointer);
        if (spec === undefined || !keys || valueAt(spec, keys) === undefined) throw new Error(`No schema at #${pointer} of the spec`);
        validate = ajv.compile({ $ref: SPEC_ID + fragmentOf(keys) });
        byPointer.set(pointer, validate);
      }
      return validate;
    },
    requestSchema: (method, path) => located(spec === undefined ? undefined : locateInOperation(spec, method, path, REQUEST_SCHEMA)),
    responseSchema: (method, path, status) => located(spec === undefined ? undefined : locateInOperation(spec, method, path, responseSchemaKeys(status))),
    variantOf: (keys, body) => located(spec === undefined ? undefined : variantKeys(spec, keys, body, 0)),
    compile(schema) {
      if (!bySchema.has(schema)) {
        try {
          bySchema.set(schema, ajv.compile(schema));
        } catch {
          bySchema.set(schema, null);
        }
      }
      return bySchema.get(schema) ?? null;
    },
  };
}

/**
 * @param {any} spec
 * @param {ReadonlyArray<string | number>} keys
 * @param {unknown} body
 * @param {number} depth
 * @returns {Array<string | number> | undefined}
 */
function variantKeys(spec, keys, body, depth) {
  const { node, keys: at } = followRefs(spec, valueAt(spec, keys), { keys });
  if (node === null || typeof node !== 'object' || depth > 8) return undefined;
  const property = node.discriminator?.propertyName;
  const value = typeof property === 'string' && body !== null && typeof body === 'object' && Object.hasOwn(body, property) ? /** @type {any} */ (body)[property] : undefined;
  const mapping = node.discriminator?.mapping;
  if (typeof value === 'string' && mapping && typeof mapping === 'object' && Object.hasOwn(mapping, value) && typeof mapping[value] === 'string') {
    const target = keysOfPointer(mapping[value]);
    if (target) return target;
  }
  for (const [i] of (Array.isArray(node.oneOf) ? node.oneOf : []).entries()) {
    const found = variantKeys(spec, [...at, 'oneOf', i], body, depth + 1);
    if (found) return found;
  }
  return undefined;
}

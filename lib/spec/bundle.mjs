// @ts-check
// Bundles openapi/ (the multi-file source) into one document, in this process,
// with Redocly's own library (@redocly/openapi-core, pinned to the version the
// @redocly/cli package is built with: DECISIONS.md D100). The text it returns
// is byte for byte what `redocly bundle openapi/openapi.yaml -o <file>.yaml`
// writes (test/spec/bundle-identity.test.ts proves it against the committed
// generated/ and against the CLI), because it does what the CLI's bundle
// command does (@redocly/cli lib/commands/bundle): `bundle()`, then the
// OpenAPI top-level keys in the specification's order, then openapi-core's
// `stringifyYaml` with `noRefs` and no line width.
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundle, getLineColLocation, loadConfig, stringifyYaml } from '@redocly/openapi-core';
import { makeDirectory } from '../files/index.mjs';

/** The files a bundle is written as, in generated/ and elsewhere. */
export const BUNDLE_FILES = Object.freeze(['openapi.yaml', 'openapi.json']);

/** The entry file of the source, relative to the project root. */
export const SPEC_ENTRY = 'openapi/openapi.yaml';

// @redocly/cli's sortTopLevelKeysForOas (OpenAPI 3): these keys first, in
// this order, then any others as they come.
const TOP_LEVEL_ORDER = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'externalDocs', 'paths', 'webhooks', 'x-webhooks', 'components'];

/** A bundle that Redocly refused: `message` lists each problem as `file:line:col message (rule)`. */
export class BundleError extends Error {
  /** @param {string[]} problems one line per problem */
  constructor(problems) {
    super(`bundle failed:\n${problems.join('\n')}`);
    this.name = 'BundleError';
    /** One `file:line:col message (rule)` line per problem. */
    this.problems = problems;
    // A spec error, not a fault in the code: where it is thrown says nothing to
    // the reader. Uncaught (scripts/generate.mjs), Node prints just this.
    Object.defineProperty(this, 'problems', { enumerable: false });
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * True for an error that is a fault in our code (TypeError, RangeError,
 * ReferenceError), not a problem of the spec or its config: it must surface
 * as itself, with its stack, not as a finding at a file and line.
 * @param {unknown} error
 */
export const isCodeFault = (error) => error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;

/** Redocly config (redocly.yaml with its plugins), loaded once per config file. */
const configs = new Map();

/**
 * The project's Redocly config: `<root>/redocly.yaml`, its plugins and its
 * lint-ignore file, loaded once per process and path.
 * @param {string} [root] the folder holding redocly.yaml (default: the working directory)
 * @returns {Promise<import('@redocly/openapi-core').Config>}
 */
export function redoclyConfig(root = process.cwd()) {
  const configPath = resolve(root, 'redocly.yaml');
  if (!configs.has(configPath)) {
    // A config that fails to load is not kept: the next call reads the file again.
    configs.set(configPath, loadConfig({ configPath }).catch((/** @type {unknown} */ error) => {
      configs.delete(configPath);
      throw error;
    }));
  }
  return configs.get(configPath);
}

/**
 * Where a Redocly problem is, as `file:line:col` with the file relative to the
 * working directory (what the CLI prints).
 * @param {import('@redocly/openapi-core').NormalizedProblem} problem
 */
export function problemPlace(problem) {
  const location = problem.location[0];
  if (!location) return '(no location)';
  const { start } = getLineColLocation(location);
  return `${relative(process.cwd(), location.source.absoluteRef)}:${start.line}:${start.col}`;
}

/**
 * Bundles `<root>/openapi/openapi.yaml` in this process.
 * @param {string} [root] the folder that holds openapi/ (the working tree by default; the diff passes a git ref's unpacked copy)
 * @param {{ configRoot?: string }} [options] where redocly.yaml is (default: the working directory, as with the CLI)
 * @returns {Promise<{ document: any, yaml: string, json: string }>} the bundled
 *   document (a plain object, local `$ref`s only), and its text as
 *   generated/openapi.yaml and generated/openapi.json hold it
 * @throws {BundleError} when Redocly reports an error (an unresolved `$ref`,
 *   YAML that does not parse), naming each file and line
 */
export async function bundleSpec(root = process.cwd(), { configRoot = process.cwd() } = {}) {
  // The entry file or redocly.yaml missing, unreadable or not YAML: openapi-core throws, naming the file and line.
  const { result, unreadable } = await onSpec(bundle, root, configRoot);
  if (unreadable) throw new BundleError([unreadable.place ? `${unreadable.place} ${unreadable.reason}` : unreadable.reason]);
  const errors = result.problems.filter((p) => p.severity === 'error' && !p.ignored);
  if (errors.length) throw new BundleError([...new Set(errors.map((p) => `${problemPlace(p)} ${p.message} (${p.ruleId})`))]);
  const document = sortTopLevelKeys(/** @type {Record<string, unknown>} */ (result.bundle.parsed));
  const yaml = stringifyYaml(document, { noRefs: true, lineWidth: -1 });
  // The JSON as scripts/bundle.mjs wrote it when it read the CLI's YAML back.
  return { document, yaml, json: JSON.stringify(document, null, 2) + '\n' };
}

/**
 * Bundles and writes `<outDir>/openapi.yaml` and `<outDir>/openapi.json`.
 * @param {string} outDir created when missing
 * @param {string} [root] see bundleSpec
 * @returns {Promise<any>} the bundled document
 * @throws {BundleError}
 */
export async function writeBundle(outDir, root = process.cwd()) {
  const { document, yaml, json } = await bundleSpec(root);
  makeDirectory(outDir);
  writeFileSync(join(outDir, 'openapi.yaml'), yaml);
  writeFileSync(join(outDir, 'openapi.json'), json);
  return document;
}

/** @param {Record<string, unknown>} document */
function sortTopLevelKeys(document) {
  /** @type {Record<string, unknown>} */
  const sorted = {};
  for (const key of TOP_LEVEL_ORDER) if (Object.hasOwn(document, key)) sorted[key] = document[key];
  return Object.assign(sorted, document);
}

/**
 * Where and why openapi-core threw on a source file (the entry file not YAML
 * that parses, or missing): `place` is `file:line:col` relative to the working
 * directory, or undefined when the error names no position.
 * @param {any} error
 * @returns {{ place: string | undefined, reason: string }}
 */
export function sourceError(error) {
  const source = error?.source?.absoluteRef;
  const mark = error?.originalError?.mark ?? error?.mark;
  if (source && mark) return { place: `${relative(process.cwd(), source)}:${mark.line + 1}:${mark.column + 1}`, reason: String(error?.originalError?.reason ?? error?.reason ?? error?.message) };
  return { place: undefined, reason: String(error?.message ?? error) };
}

/**
 * Runs openapi-core's `lint` or `bundle` on `<root>/openapi/openapi.yaml`
 * with the redocly.yaml of `configRoot`. openapi-core throws, rather than
 * reporting a problem, when the entry file or redocly.yaml is missing or is
 * not YAML: that comes back as `unreadable` (sourceError's place and reason).
 * A fault in code (isCodeFault) is thrown as it is.
 * @template T
 * @param {(options: { ref: string, config: any }) => Promise<T>} operation
 * @param {string} root the folder that holds openapi/
 * @param {string} configRoot the folder that holds redocly.yaml
 * @returns {Promise<{ result: T, unreadable?: undefined } | { result?: undefined, unreadable: { place: string | undefined, reason: string } }>}
 */
export async function onSpec(operation, root, configRoot) {
  try {
    const config = await redoclyConfig(configRoot);
    return { result: await operation({ ref: resolve(root, SPEC_ENTRY), config }) };
  } catch (error) {
    if (isCodeFault(error)) throw error;
    return { unreadable: sourceError(error) };
  }
}

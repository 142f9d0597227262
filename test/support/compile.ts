// `tsc -p <tsconfig>` in this process, through the TypeScript compiler API
// (the pinned `typescript`, the same one node_modules/typescript/bin/tsc runs),
// for the tests that compile: the project's typecheck (test/types), the
// package build and the consumer compiled against the packed tarball
// (test/package). A spawned tsc costs a Node start and a fresh load of the
// compiler each time, and parses the same declaration files again
// (lib.dom.d.ts alone is 1.9 MB); here the compiler loads once per vitest
// worker, and parsed, bound source files are shared between the programs of
// one worker, the way TypeScript's language service shares them: keyed by
// the compiler options that affect a source file (the DocumentRegistry key),
// the file name, and its text, so an edited file is parsed again. Only the
// files every one of those programs reads are kept (TypeScript's lib.*.d.ts,
// src/, generated/), so the whole project's thousand parsed files do not
// stay in the worker's memory for the rest of the run.
import { dirname, resolve, sep } from 'node:path';
import ts from 'typescript';

/** What `tsc -p` would have printed (its plain, non-TTY format) and the exit status it would have ended with. */
export type CompileResult = { status: number; output: string; emitted: string[] };

const registry = ts.createDocumentRegistry();
const parsed = new Map<string, ts.SourceFile>();
/** The folders whose files are kept once parsed. */
const SHARED = [dirname(ts.getDefaultLibFilePath({})), resolve('src'), resolve('generated')].map((dir) => dir + sep);

/** A compiler host whose parsed source files outlive the program: reused by the next program with the same source-affecting options. */
function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const settings = registry.getKeyForCompilationSettings(options);
  const parse = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const text = SHARED.some((dir) => resolve(fileName).startsWith(dir)) ? host.readFile(fileName) : undefined;
    if (text === undefined) return parse.call(host, fileName, languageVersionOrOptions, onError, shouldCreate);
    const version = typeof languageVersionOrOptions === 'object' ? [languageVersionOrOptions.languageVersion, languageVersionOrOptions.impliedNodeFormat, languageVersionOrOptions.jsDocParsingMode] : [languageVersionOrOptions];
    const key = `${settings}|${version.join(',')}|${resolve(fileName)}`;
    const cached = parsed.get(key);
    if (cached && cached.text === text) return cached;
    const file = ts.createSourceFile(fileName, text, languageVersionOrOptions);
    parsed.set(key, file);
    return file;
  };
  return host;
}

const format: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
  getNewLine: () => '\n',
};

/**
 * Compiles the project of the tsconfig file `config` as `tsc -p config` does:
 * config errors, option, syntactic, global and semantic diagnostics
 * (declaration diagnostics too when the project emits declarations), then,
 * unless the project says noEmit, its output files written where its
 * options say. `output` is every diagnostic in tsc's plain format ('' when
 * none); `status` is tsc's exit status (0 none, 1 diagnostics and nothing
 * emitted, 2 diagnostics and output emitted). `options` override the
 * tsconfig's compilerOptions, as tsc's command-line flags do.
 */
export function compileProject(config: string, options: ts.CompilerOptions = {}): CompileResult {
  const configErrors: ts.Diagnostic[] = [];
  const project = ts.getParsedCommandLineOfConfigFile(config, options, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d),
  });
  if (!project) return { status: 1, output: ts.formatDiagnostics(configErrors, format), emitted: [] };
  const host = sharingHost(project.options);
  const emitted: string[] = [];
  const write = host.writeFile;
  host.writeFile = (fileName, ...rest) => (emitted.push(fileName), write(fileName, ...rest));
  const program = ts.createProgram({
    rootNames: project.fileNames,
    options: project.options,
    projectReferences: project.projectReferences,
    host,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(project),
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  let emitSkipped = true;
  if (!project.options.noEmit) {
    const emit = program.emit();
    emitSkipped = emit.emitSkipped;
    diagnostics.push(...emit.diagnostics);
  }
  const sorted = ts.sortAndDeduplicateDiagnostics(diagnostics);
  const status = sorted.length === 0 ? 0 : emitSkipped ? 1 : 2;
  return { status, output: ts.formatDiagnostics(sorted, format), emitted };
}

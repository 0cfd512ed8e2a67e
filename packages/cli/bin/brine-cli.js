#!/usr/bin/env node
/**
 * The file npm links for every brine command (package.json "bin": salt,
 * salt-key, salt-run, salt-call, salt-cp, salt-master, salt-minion). It is committed,
 * not built: on a fresh clone npm links bins before `prepare` builds dist/,
 * and skips a bin whose file is missing. It runs dist/bin/<name>.js for the
 * name it was invoked as.
 */
'use strict';
const fs = require('node:fs');
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
require(target);

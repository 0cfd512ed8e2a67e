#!/usr/bin/env node
/** The `salt-master` command. */
import { runCli } from '../cli-error';
import { saltMaster } from '../commands/salt-master';

runCli(() => saltMaster(process.argv.slice(2)));

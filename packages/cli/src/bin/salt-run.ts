#!/usr/bin/env node
/** The `salt-run` command. */
import { runCli } from '../cli-error';
import { saltRun } from '../commands/salt-run';

runCli(() => saltRun(process.argv.slice(2)));

#!/usr/bin/env node
/** The `salt-minion` command. */
import { runCli } from '../cli-error';
import { saltMinion } from '../commands/salt-minion';

runCli(() => saltMinion(process.argv.slice(2)));

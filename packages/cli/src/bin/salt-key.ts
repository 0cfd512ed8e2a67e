#!/usr/bin/env node
/** The `salt-key` command. */
import { runCli } from '../cli-error';
import { saltKey } from '../commands/salt-key';

runCli(() => saltKey(process.argv.slice(2)));

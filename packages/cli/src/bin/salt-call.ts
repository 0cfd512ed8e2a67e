#!/usr/bin/env node
/** The `salt-call` command. */
import { runCli } from '../cli-error';
import { saltCall } from '../commands/salt-call';

runCli(() => saltCall(process.argv.slice(2)));

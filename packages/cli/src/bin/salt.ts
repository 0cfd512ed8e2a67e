#!/usr/bin/env node
/** The `salt` command. */
import { runCli } from '../cli-error';
import { salt } from '../commands/salt';

runCli(() => salt(process.argv.slice(2)));

#!/usr/bin/env node
/** The `salt-call` command. */
import { runCli } from '../command';
import command from '../commands/salt-call';

runCli(command);

#!/usr/bin/env node
/** The `salt-run` command. */
import { runCli } from '../command';
import command from '../commands/salt-run';

runCli(command);

#!/usr/bin/env node
/** The `salt-minion` command. */
import { runCli } from '../command';
import command from '../commands/salt-minion';

runCli(command);

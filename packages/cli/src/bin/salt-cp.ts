#!/usr/bin/env node
/** The `salt-cp` command. */
import { runCli } from '../command';
import command from '../commands/salt-cp';

runCli(command);

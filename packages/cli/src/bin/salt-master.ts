#!/usr/bin/env node
/** The `salt-master` command. */
import { runCli } from '../command';
import command from '../commands/salt-master';

runCli(command);

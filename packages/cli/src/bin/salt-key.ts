#!/usr/bin/env node
/** The `salt-key` command. */
import { runCli } from '../command';
import command from '../commands/salt-key';

runCli(command);

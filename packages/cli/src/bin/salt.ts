#!/usr/bin/env node
/** The `salt` command. */
import { runCli } from '../command';
import command from '../commands/salt';

runCli(command);

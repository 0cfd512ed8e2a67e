/**
 * The static registry of CLI commands, one file each in this folder, named as
 * the command. The executables in bin/ import their own command directly (so
 * `salt` does not load the daemons' code); a meta-test checks this registry
 * against the files and the executables.
 */
import type { CliCommand } from '../command';
import salt from './salt';
import saltCall from './salt-call';
import saltCp from './salt-cp';
import saltKey from './salt-key';
import saltMaster from './salt-master';
import saltMinion from './salt-minion';
import saltRun from './salt-run';

/** Every command. */
export const COMMANDS: CliCommand[] = [salt, saltCall, saltCp, saltKey, saltMaster, saltMinion, saltRun];

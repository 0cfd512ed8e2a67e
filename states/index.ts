/**
 * The static registry of built-in state modules, as modules/index.ts is for
 * execution modules: the state runner resolves `file.managed` against these.
 */
import type { ModuleDef } from '@brine/core/loader/define';
import cmd from './cmd';
import file from './file';
import group from './group';
import pkg from './pkg';
import service from './service';
import test from './test';
import user from './user';

/** Every built-in state module. */
export const STATES: ModuleDef[] = [cmd, file, group, pkg, service, test, user];

/**
 * The static registry of built-in execution modules. The minion and salt-call
 * load exactly these ; a meta-test checks
 * each entry's name, docs and examples.
 */
import type { ModuleDef } from '@brine/core/loader/define';
import cmd from './cmd';
import cp from './cp';
import grains from './grains';
import saltutil from './saltutil';
import sys from './sys';
import test from './test';

/** Every built-in execution module. */
export const MODULES: ModuleDef[] = [cmd, cp, grains, saltutil, sys, test];

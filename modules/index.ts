/**
 * The static registry of built-in execution modules. The minion and salt-call
 * load exactly these; a meta-test checks each entry's name, docs and examples.
 */
import type { ModuleDef } from '@brine/core/loader/define';
import aptpkg from './aptpkg';
import cmd from './cmd';
import config from './config';
import cp from './cp';
import defaults from './defaults';
import disk from './disk';
import event from './event';
import file from './file';
import grains from './grains';
import groupadd from './groupadd';
import key from './key';
import log from './log';
import mine from './mine';
import network from './network';
import pillar from './pillar';
import ps from './ps';
import saltutil from './saltutil';
import schedule from './schedule';
import slsutil from './slsutil';
import status from './status';
import sys from './sys';
import systemd_service from './systemd_service';
import test from './test';
import useradd from './useradd';

/** Every built-in execution module. */
export const MODULES: ModuleDef[] = [
  aptpkg,
  cmd,
  config,
  cp,
  defaults,
  disk,
  event,
  file,
  grains,
  groupadd,
  key,
  log,
  mine,
  network,
  pillar,
  ps,
  saltutil,
  schedule,
  slsutil,
  status,
  sys,
  systemd_service,
  test,
  useradd,
];

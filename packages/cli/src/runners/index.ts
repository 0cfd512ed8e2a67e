/** The static registry of runners `salt-run` knows, by module name. */
import type { RunnerFunction } from './define';
import { jobs } from './jobs';
import { manage } from './manage';

/** Every runner module's functions. */
export const RUNNERS: Record<string, Record<string, RunnerFunction>> = { jobs, manage };

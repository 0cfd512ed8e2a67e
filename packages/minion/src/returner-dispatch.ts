/**
 * Sending a copy of each job return to the returners its job names (Salt's
 * `ret` load key: `salt --return NAME[,NAME...]`, a schedule entry's
 * `returner`), as Salt's minion does after the return went to the master.
 * Each returner gets its own {@link SpooledDelivery}: one that fails keeps
 * the return in cachedir/spool/returners/<name> and is retried from there,
 * and nothing here ever waits on a returner, so neither the job nor its
 * return to the master is held up. A job without `ret` costs one property
 * read. An unknown name is logged as Salt logs it, and skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MinionConfig } from '@brine/core/config/minion';
import type { Logger } from '@brine/core/log';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';
import { returnerContext, type JobReturn, type Returner, type ReturnerContext } from '@brine/core/returners/define';
import { getReturner, returnerNames } from '@brine/core/returners/index';
import { SpooledDelivery } from '@brine/core/returners/spool';

/** The returners of this minion's jobs, each behind its spool. */
export class ReturnerDispatch {
  private readonly deliveries = new Map<string, SpooledDelivery<JobReturn>>();
  private readonly ctx: ReturnerContext;
  private readonly root: string;

  /** Returns spooled by an earlier run of the minion are sent again from now on. */
  constructor(
    private readonly config: MinionConfig,
    private readonly log: Logger,
  ) {
    this.ctx = returnerContext(config, log);
    this.root = path.join(config.cachedir, 'spool', 'returners');
    let left: string[] = [];
    try {
      left = fs.readdirSync(this.root);
    } catch {
      // nothing spooled
    }
    for (const name of left) {
      const r = getReturner(name);
      if (r) this.delivery(r);
    }
  }

  /**
   * Send `ret` to each returner `job.ret` names (with the job's ret_config / ret_kwargs), without waiting.
   * @returns once every returner took it or spooled it (callers need not wait; tests do)
   */
  dispatch(job: Pick<JobLoad, 'ret' | 'ret_config' | 'ret_kwargs'>, ret: ReturnLoad): Promise<void> {
    if (!job.ret) return Promise.resolve();
    const data: JobReturn = { jid: ret.jid, id: ret.id, fun: ret.fun, fun_args: ret.fun_args, return: ret.return, retcode: ret.retcode, success: ret.success };
    if (ret.out !== undefined) data.out = ret.out;
    if (job.ret_config !== undefined) data.ret_config = job.ret_config;
    if (job.ret_kwargs !== undefined) data.ret_kwargs = job.ret_kwargs;
    const sends: Promise<void>[] = [];
    for (const name of returnerNames(job.ret)) {
      const r = getReturner(name);
      // Salt's words (minion.py): "Returner %s could not be loaded: %s".
      if (!r) this.log.error(`Returner ${name}.returner could not be loaded: '${name}.returner' is not available.`);
      else sends.push(this.delivery(r).send(data));
    }
    return Promise.all(sends).then(() => undefined);
  }

  /** Stop retrying; what is spooled stays for the next start. */
  close(): void {
    for (const d of this.deliveries.values()) d.close();
  }

  /** The delivery of returner `r`, made on first use. */
  private delivery(r: Returner): SpooledDelivery<JobReturn> {
    let d = this.deliveries.get(r.name);
    if (!d) {
      d = new SpooledDelivery<JobReturn>(
        r.name,
        path.join(this.root, r.name),
        async (item) => r.returner(item, this.ctx),
        { maxItems: this.config.returner_spool_max, maxBytes: this.config.returner_spool_max_bytes },
        this.log,
      );
      this.deliveries.set(r.name, d);
    }
    return d;
  }
}

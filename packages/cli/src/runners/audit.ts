/**
 * The `audit` runner (brine's own): the check of the master's audit log, a
 * hash chain of JSON lines in its cachedir (master/acl/audit-log.ts). The
 * master reads the log (it owns cachedir), salt-run asks it over the local
 * client channel.
 */
import { EX_GENERIC } from '@brine/core/exit-codes';
import { withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction } from './define';

export default defineRunner({
  name: 'audit',
  doc: "Check the master's audit log: every command of the local channel, run or refused, one JSON line each, chained by the hash of the line before.",
  functions: {
    verify: defineRunnerFunction({
      doc:
        'Walk the hash chain of cachedir/audit.log and its rotated files (audit.log.N, oldest first): {result: True, ' +
        'lines: N} when every line links to the one before it. Otherwise result is False, with the file, the ' +
        'first_bad_line in it and the problem: an edited line (the next line no longer links to it), deleted lines (a ' +
        'gap in the sequence numbers), an inserted line, a torn or unreadable line, or audit.log found replaced by the ' +
        'master; salt-run then exits 1. Lines cut from the end, or a chain rewritten whole, cannot be seen: ship the ' +
        'lines off the host for that.',
      example: 'salt-run audit.verify',
      args: [],
      run: async (ctx) => {
        const checked = await withLocalClient(ctx.config, (client) => client.audit_verify({}));
        if (!checked.result) ctx.setRetcode(EX_GENERIC);
        return checked;
      },
    }),
  },
});

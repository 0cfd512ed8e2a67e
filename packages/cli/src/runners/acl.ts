/**
 * The `acl` runner (brine's own): how the master would judge a command for a
 * user, explained without running anything (master/acl/authorize.ts). The
 * target is resolved as for a publish, so the answer is the one a real
 * command would get now.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { withLocalClient } from '../client';
import { targetOf } from './cache';
import { defineRunner, defineRunnerFunction } from './define';

/** The kinds of function acl.check judges. */
const KINDS = ['publish', 'runner', 'wheel'] as const;

export default defineRunner({
  name: 'acl',
  doc: 'Explain the access decisions of the master (publisher_acl, publisher_acl_blacklist) without running anything.',
  functions: {
    check: defineRunnerFunction({
      doc:
        'How the master would judge `fun` asked by `user` on `tgt`: {allowed, rule, reason, minions}. `rule` names what ' +
        'decided (root, publisher_acl:<user key>, publisher_acl_blacklist:users:<regex>, no-acl, ...), `reason` says ' +
        'why, and for a refused target which minions lie outside the allowed set; `minions` are those the target ' +
        'resolves to now. Root, a user allowed the runner acl.check, or a user asking about themselves.',
      example: "salt-run acl.check user=alice fun=cmd.run tgt='web*'",
      args: [
        { name: 'user', type: 'string', required: true, doc: 'The user whose command is judged.' },
        { name: 'fun', type: 'string', required: true, doc: 'The function: cmd.run (publish), jobs.list_jobs (runner), key.accept (wheel).' },
        { name: 'tgt', type: 'string', default: '*', doc: 'The target of a publish.' },
        { name: 'tgt_type', type: 'string', default: 'glob', doc: 'Target type: glob, pcre, list, grain, grain_pcre, pillar, pillar_pcre, ipcidr, nodegroup, compound.' },
        { name: 'kind', type: 'string', default: 'publish', doc: 'What fun is: publish (an execution function), runner or wheel.' },
      ],
      run: (ctx, { user, fun, tgt, tgt_type, kind }) => {
        const target = targetOf(tgt, tgt_type)!;
        if (!(KINDS as readonly string[]).includes(kind)) throw new SaltInvocationError(`Invalid kind '${kind}': use one of ${KINDS.join(', ')}`);
        return withLocalClient(ctx.config, (client) => client.acl_check({ user, fun, ...target, kind: kind as (typeof KINDS)[number] }));
      },
    }),
  },
});

import { AuthorizationError, TargetError } from '@brine/core/errors';
import { LOCAL_CLIENT } from '@brine/core/protocol/v1/runtime';
import type { Target } from '@brine/core/protocol/v1/loads';
import { globMatch } from '@brine/core/matchers/glob';
import { authorize, COMMAND_NEEDS, guardHandlers, judgeCommand, judgedAsRoot, type AclConfig, type JudgeEnv, type JudgedHandlers } from '@brine/master/acl/authorize';
import type { Caller } from '@brine/master/acl/decision';
import { recordingLogger } from '../../returners/log';

const IDS = ['web1', 'web2', 'db1'];
const root: Caller = { user: 'root', groups: ['root'], via: 'root' };
const alice: Caller = { user: 'alice', groups: ['alice'], via: 'user' };
const bob: Caller = { user: 'bob', groups: ['bob'], via: 'user' };
const sudoAlice: Caller = { user: 'alice', groups: ['alice'], via: 'sudo' };

const config: AclConfig = {
  publisher_acl: { alice: [{ 'web*': ['test.*'] }], bob: ['test.ping', '@runner'] },
  publisher_acl_blacklist: { users: ['bob'] },
  sudo_acl: false,
};

/** Jobs by jid and their users. */
const JOBS: Record<string, string> = { '20260101000000000001': 'alice', '20260101000000000002': 'root' };

function env(over: Partial<AclConfig> = {}): JudgeEnv {
  return {
    config: { ...config, ...over },
    // A glob target over IDS (enough here: the compound matching is publisher-acl.test.ts's).
    inTarget: (target) => new Set(IDS.filter((id) => globMatch(target, id))),
    resolve: (t: Target) => ({ tgt: t.tgt, tgtType: t.tgt_type, minions: IDS.filter((id) => globMatch(String(t.tgt), id)) }),
    jobUser: (jid) => JOBS[jid],
    log: recordingLogger(),
  };
}

const publish = (tgt: string, fun: string) => ({ tgt, tgt_type: 'glob' as const, fun, arg: [], kwarg: {}, user: 'forged' });

describe('the table of command needs', () => {
  it('covers every command of the local channel', () => {
    expect(Object.keys(COMMAND_NEEDS).sort()).toEqual([...LOCAL_CLIENT.names()].sort());
  });
});

describe('who is judged as root', () => {
  it.each<[Caller, Partial<AclConfig>, boolean]>([
    [root, {}, true],
    [sudoAlice, {}, true],
    [sudoAlice, { sudo_acl: true }, false],
    [sudoAlice, { sudo_acl: true, publisher_acl: {} }, true],
    [alice, {}, false],
  ])('%j with %j: %s', (caller, over, want) => {
    expect(judgedAsRoot(caller, { ...config, ...over })).toBe(want);
  });

  it('root and a sudo user are allowed, unless blacklisted', () => {
    const req = { kind: 'publish' as const, fun: 'cmd.run', arg: [], kwarg: {}, minions: IDS };
    expect(authorize(root, req, config, env().inTarget)).toMatchObject({ allowed: true, rule: 'root' });
    expect(authorize(sudoAlice, req, { ...config, sudo_acl: true }, env().inTarget)).toMatchObject({ allowed: false, rule: 'publisher_acl:alice' });
    expect(authorize(root, req, { ...config, publisher_acl_blacklist: { users: ['root'] } }, env().inTarget)).toMatchObject({ allowed: false, rule: 'publisher_acl_blacklist:users:root' });
  });
});

describe('judging commands', () => {
  it('a publish is judged on the minions its target resolves to, and carries them to the handler', () => {
    const ok = judgeCommand('publish', publish('web*', 'test.ping'), alice, env());
    expect(ok.decision.allowed).toBe(true);
    expect(ok.resolved?.minions).toEqual(['web1', 'web2']);
    expect(ok.request.minions).toEqual(['web1', 'web2']);
    expect(judgeCommand('publish', publish('*', 'test.ping'), alice, env()).decision).toMatchObject({ allowed: false, rule: 'publisher_acl:alice' });
  });

  it('blacklisted bob is refused even what publisher_acl gives him', () => {
    expect(judgeCommand('publish', publish('*', 'test.ping'), bob, env()).decision.rule).toBe('publisher_acl_blacklist:users:bob');
    expect(judgeCommand('list_jobs', {}, bob, env()).decision.allowed).toBe(false);
    expect(judgeCommand('publish', publish('*', 'test.ping'), bob, env({ publisher_acl_blacklist: {} })).decision.allowed).toBe(true);
  });

  it("a user reads their own jobs only, unless the jobs runner is theirs", () => {
    expect(judgeCommand('job_returns', { jid: '20260101000000000001' }, alice, env()).decision).toMatchObject({ allowed: true, rule: 'own-jobs' });
    expect(judgeCommand('job_load', { jid: '20260101000000000002' }, alice, env()).decision.allowed).toBe(false);
    expect(judgeCommand('job_load', { jid: '20269999999999999999' }, alice, env()).decision.allowed).toBe(false);
    expect(judgeCommand('list_jobs', {}, alice, env())).toMatchObject({ decision: { allowed: true, rule: 'own-jobs' }, allJobs: false });
    const withRunner = env({ publisher_acl: { alice: ['@runner'] }, publisher_acl_blacklist: {} });
    expect(judgeCommand('list_jobs', {}, alice, withRunner)).toMatchObject({ decision: { allowed: true }, allJobs: true });
    expect(judgeCommand('job_load', { jid: '20260101000000000002' }, alice, withRunner).decision.allowed).toBe(true);
  });

  it.each<[string, Caller, boolean]>([
    ['check_minions to a user with something to publish', alice, true],
    ['check_minions to a user with runners only', { ...alice, user: 'carol' }, false],
  ])('%s', (_name, caller, allowed) => {
    const e = env({ publisher_acl: { ...config.publisher_acl, carol: ['@runner'] } });
    expect(judgeCommand('check_minions', { tgt: '*', tgt_type: 'glob' }, caller, e).decision.allowed).toBe(allowed);
  });

  it('the runners a user may not run are refused, acl.check about oneself is not', () => {
    expect(judgeCommand('runner_new', { jid: 'j', fun: 'manage.up', fun_args: [], user: 'alice' }, alice, env()).decision).toMatchObject({ allowed: false, rule: 'publisher_acl:alice' });
    expect(judgeCommand('runner_new', { jid: 'j', fun: 'acl.check', fun_args: [], user: 'alice' }, alice, env()).decision.allowed).toBe(true);
    expect(judgeCommand('acl_check', { user: 'alice', fun: 'cmd.run' }, alice, env()).decision).toMatchObject({ allowed: true, rule: 'own-decision' });
    expect(judgeCommand('acl_check', { user: 'bob', fun: 'cmd.run' }, alice, env()).decision.allowed).toBe(false);
    expect(judgeCommand('wheel', { fun: 'key.accept', arg: [], kwarg: { match: '*' } }, alice, env()).decision.allowed).toBe(false);
    expect(judgeCommand('events', {}, alice, env()).decision.allowed).toBe(false);
  });

  // local_file and rawfile_json take their file from --return_kwargs: a user allowed test.ping (and every user:
  // saltutil.find_job, on any minion) would append a line they shape to any file, as the minion's user (root).
  it('a user other than root may not set returner options (--return_kwargs), not even with saltutil.find_job', () => {
    const withPath = (tgt: string, fun: string) => ({ ...publish(tgt, fun), ret: 'local_file', ret_kwargs: { path: '/root/.bashrc' } });
    const refused = judgeCommand('publish', withPath('web*', 'test.ping'), alice, env()).decision;
    expect(refused).toMatchObject({ allowed: false, rule: 'publisher_acl:alice' });
    expect(refused.reason).toContain('--return_kwargs');
    expect(judgeCommand('publish', withPath('*', 'saltutil.find_job'), alice, env()).decision.allowed).toBe(false);
    expect(judgeCommand('publish', { ...publish('web*', 'test.ping'), ret: 'local_file' }, alice, env()).decision.allowed).toBe(true);
    expect(judgeCommand('publish', withPath('*', 'test.ping'), root, env()).decision.allowed).toBe(true);
  });
});

describe('the guarded handlers', () => {
  const ran: string[] = [];
  const handlers = Object.fromEntries(
    LOCAL_CLIENT.names().map((cmd) => [cmd, (_req: unknown, _ctx: unknown, judged: { decision: { rule: string } }) => (ran.push(`${cmd}:${judged.decision.rule}`), null)]),
  ) as unknown as JudgedHandlers;

  it('run a command allowed with its judgement, and refuse another with Salt\'s message and the reason as hint', async () => {
    const e = env();
    const guarded = guardHandlers(handlers, e);
    await guarded.publish(publish('web1', 'test.ping'), { peer: 'p', caller: alice });
    expect(ran).toEqual(['publish:publisher_acl:alice']);
    let err: unknown;
    try {
      await guarded.publish(publish('*', 'cmd.run'), { peer: 'p', caller: alice });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuthorizationError);
    expect((err as AuthorizationError).message).toBe('Authorization error occurred.');
    expect((err as AuthorizationError).hint).toBe('publisher_acl does not allow alice to run cmd.run [rule publisher_acl:alice]');
    expect(ran).toHaveLength(1);
  });

  // A target the master cannot resolve (malformed, or a regex that backtracks past the time limit) is refused
  // before any decision: the attempt must still reach the audit log, as every refusal does.
  it('a request that cannot be judged is refused and written to the audit log', () => {
    const lines: Array<{ command: string; decision: { allowed: boolean; rule: string; reason: string }; jid?: string | null }> = [];
    const e: JudgeEnv = {
      ...env(),
      resolve: () => {
        throw new TargetError('The target took more than 2000 ms to match the accepted minions');
      },
      audit: { record: (entry) => void lines.push(entry) },
    };
    const guarded = guardHandlers(handlers, e);
    expect(() => guarded.publish({ ...publish('*', 'test.ping'), tgt: '(.*)*X', tgt_type: 'pcre' }, { peer: 'p', caller: alice })).toThrow(TargetError);
    expect(lines).toEqual([
      expect.objectContaining({ command: 'publish', jid: null, decision: expect.objectContaining({ allowed: false, rule: 'invalid' }) }),
    ]);
    expect(lines[0].decision.reason).toContain('took more than 2000 ms');
  });
});

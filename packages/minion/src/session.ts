/**
 * A minion's session with its master: authentication (waiting while the key
 * is pending), the session key, and which publications to admit. A job is
 * admitted when its signature verifies, it opens under the current session
 * key, its target selects this minion and its jid is new (replay guard).
 * A publication under a newer key generation (the master restarted, or
 * rotated the key) is held while the minion re-authenticates. Either way the
 * re-authentication waits a random delay up to random_reauth_delay, as Salt's,
 * so a fleet does not storm the master all at once.
 *
 * Each time the publish connection comes back (the master greets each new
 * subscriber with a signed `hello`) and when a session starts, the minion
 * asks the master for the jobs it missed meanwhile (`_missed_jobs`, see the
 * master's catch-up.ts) and admits them as it admits publications: target
 * match and replay guard, so a job received both ways runs once.
 *
 * A session start skips the question when it cannot have missed anything:
 * the grant says the master held no job within its delivery window, and no
 * frame (publication or hello) reached the minion between sending the
 * accepted authentication and being ready. A job published after the grant
 * either came as a frame then (it was dropped, not ready yet: ask), or
 * reaches the minion after it is ready, or came before its publish
 * connection was up, whose hello then arrives (before ready: ask; after:
 * the hello asks). A fleet accepted by salt-key, or starting against an idle
 * master, thus sends one request per minion fewer.
 *
 * While its key is not accepted, the minion asks again every
 * acceptance_wait_time, and sooner when the master's signed `accepted`
 * notice names it (acceptance-wait.ts), so the first job after salt-key -a
 * reaches it. The notice is checked against the key that signed the
 * master's last answer to this minion.
 */
import type crypto from 'node:crypto';
import type { MinionConfig } from '@brine/core/config/minion';
import { AuthenticationError, errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { matchTarget, type MinionFacts } from '@brine/core/matchers/index';
import type { JobLoad } from '@brine/core/protocol/v1/loads';
import type { MissedJobs } from '@brine/core/protocol/v1/minion-requests';
import type { AcceptedBody, Publication, PubBody } from '@brine/core/protocol/v1/publish-port';
import type { SessionGrant } from '@brine/core/protocol/v1/request-port';
import { openJob, verifyPublication } from '@brine/core/protocol/v1/secure';
import { AcceptanceWait } from './acceptance-wait';
import type { AuthResult, TrustedMaster } from './auth';
import { ReplayGuard } from './replay-guard';

/** Publications held while re-authenticating for a newer session key, at most. */
const MAX_HELD = 1000;

/** Checks a publication frame's signature; a swarm shares one so each frame is verified once per process. */
export type PublicationVerifier = (frame: Uint8Array, master: crypto.KeyObject) => Publication;

/** What a {@link MasterSession} needs. */
export interface SessionOptions {
  config: MinionConfig;
  /** One authentication attempt (see MinionLink.authenticate). */
  authenticate: () => Promise<AuthResult>;
  log: Logger;
  /** The minion's facts for target matching (grains and pillar may change at runtime). */
  facts: () => MinionFacts;
  /** Called with each admitted job. */
  onJob: (job: JobLoad) => void;
  /**
   * Called after an authentication that starts a session (the first, or the first after the key was not
   * accepted for a while), before any job is admitted: the minion fetches its pillar, which also reports
   * its grains. Re-authentications after a key rotation or a master restart skip it, as Salt's.
   */
  onSessionStart?: () => Promise<void>;
  /** Called when the publish connection comes back while the session is started (returns kept meanwhile can go). */
  onReconnect?: () => void;
  /** Ask the master for the jobs published after jid `after` that this minion missed (`_missed_jobs`). */
  missedJobs?: (after?: string) => Promise<MissedJobs>;
  verify?: PublicationVerifier;
  signal: AbortSignal;
}

/** Wait `ms`, or less if `signal` aborts; the abort listener is removed either way. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Authentication state and publication admission for one minion. */
export class MasterSession {
  private master?: TrustedMaster;
  private session?: SessionGrant;
  private guard?: ReplayGuard;
  private readonly held: PubBody[] = [];
  private reauthing?: Promise<boolean>;
  private waiting?: Promise<void>;
  /** True once an authentication and its session start (pillar) are done; jobs are admitted from then on. */
  private ready = false;
  /** True until accepted, and again whenever the master stops accepting this minion. */
  private fresh = true;
  /** A frame came from the publish port since the last authentication request was sent. */
  private framesSinceAsk = false;
  /** The catch-up under way, and whether the publish connection came back again meanwhile. */
  private catchingUp?: Promise<void>;
  private catchUpAgain = false;
  /** The wait between attempts while not accepted, which the master's acceptance notice cuts short. */
  private readonly acceptance: AcceptanceWait;
  /** While not accepted: the master key that signed its last answer, which acceptance notices must verify with. */
  private waitingOn?: crypto.KeyObject;

  constructor(private readonly o: SessionOptions) {
    this.acceptance = new AcceptanceWait(o.config.acceptance_wait_time * 1000);
  }

  /** One authentication attempt; true when accepted. Errors and refusals are logged. */
  private async tryAuth(): Promise<boolean> {
    const { config, log } = this.o;
    try {
      this.framesSinceAsk = false;
      const r = await this.o.authenticate();
      if (r.status === 'accepted') {
        this.master = r.master;
        this.session = r.session;
        this.waitingOn = undefined;
        this.acceptance.accepted();
        this.guard ??= new ReplayGuard(r.session.now);
        log.info(`Authenticated with the master; session key generation ${r.session.gen}`);
        if (this.fresh) {
          await this.o.onSessionStart?.();
          this.fresh = false;
          this.ready = true;
          // See the module note: with no open job and no frame meanwhile, nothing can have been missed.
          if (r.session.open !== false || this.framesSinceAsk) void this.catchUp();
        }
        return true;
      }
      this.fresh = true;
      this.waitingOn = r.verifier;
      if (r.status === 'pending') log.info(`Waiting for the master to accept this minion's key (salt-key -a ${config.id})`);
      else log.error(`The Salt Master has ${r.status} this minion's public key; retrying in ${config.acceptance_wait_time} s`);
    } catch (err) {
      log.warning(`Authentication failed: ${errorMessage(err)}`);
    }
    return false;
  }

  /**
   * Authenticate until accepted (or stopped), waiting acceptance_wait_time seconds between attempts, or less
   * after the master's acceptance notice; one loop at a time.
   */
  authenticate(): Promise<void> {
    this.waiting ??= (async () => {
      while (!this.o.signal.aborted && !(await this.tryAuth())) await this.acceptance.wait(this.o.signal);
    })().finally(() => (this.waiting = undefined));
    return this.waiting;
  }

  /**
   * Re-authenticate once (after `delayMs`; joining one under way), then admit held jobs of the new key; if
   * refused, drop them and go back to waiting for acceptance.
   * @returns whether the master accepted this minion
   */
  private reauth(delayMs = 0): Promise<boolean> {
    this.reauthing ??= (async () => {
      await sleep(delayMs, this.o.signal);
      const accepted = await this.tryAuth();
      if (accepted) {
        for (const body of this.held.splice(0)) this.admit(body);
      } else {
        this.held.length = 0;
        void this.authenticate();
      }
      return accepted;
    })().finally(() => (this.reauthing = undefined));
    return this.reauthing;
  }

  /**
   * The master refused a sealed request as unauthenticated (it restarted, or dropped this authentication's
   * ticket): authenticate again, after the random_reauth_delay jitter so a restarted master is not stormed.
   * @throws AuthenticationError when the master does not accept this minion then
   */
  async refused(): Promise<void> {
    if (!(await this.reauth(this.jitter()))) throw new AuthenticationError('The master did not accept this minion when it authenticated again');
  }

  /** A random delay before re-authenticating, in ms: up to random_reauth_delay seconds. */
  private jitter(): number {
    return Math.random() * this.o.config.random_reauth_delay * 1000;
  }

  /**
   * The publish connection came (back) up (the master's hello): once this minion is admitting jobs, fetch
   * and admit the jobs it missed while the connection was down, and tell onReconnect. One catch-up at a
   * time; a reconnection during one starts another after it. Never throws (failures are logged; the next
   * reconnection asks again).
   */
  private connected(): void {
    if (!this.ready) return;
    void this.catchUp();
    this.o.onReconnect?.();
  }

  private catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        await this.fetchMissed();
      } while (this.catchUpAgain && !this.o.signal.aborted);
    })().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  /** Page through `_missed_jobs` and admit each job. */
  private async fetchMissed(): Promise<void> {
    const ask = this.o.missedJobs;
    if (!ask) return;
    const { log } = this.o;
    let after: string | undefined;
    try {
      for (;;) {
        const { jobs, more } = await ask(after);
        for (const job of jobs) this.admitJob(job, true);
        if (jobs.length) log.info(`Caught up on ${jobs.length} job(s) published while the publish connection was down`);
        if (!more || jobs.length === 0 || this.o.signal.aborted) return;
        after = jobs[jobs.length - 1].jid;
      }
    } catch (err) {
      if (!this.o.signal.aborted) log.warning(`Could not ask the master for missed jobs: ${errorMessage(err)}`);
    }
  }

  /**
   * Handle one frame from the publish port; never throws. Once ready, jobs, hellos and rotations are acted
   * on; while not accepted, acceptance notices (verified with the key of the master's last answer).
   */
  receive(frame: Uint8Array): void {
    this.framesSinceAsk = true;
    const verifier = this.ready ? this.master?.verifier : this.waitingOn;
    if (!verifier) return;
    const { log } = this.o;
    try {
      const pub = (this.o.verify ?? verifyPublication)(frame, verifier);
      if (pub.cmd === 'accepted') this.noticed(pub.body);
      else if (!this.ready) return;
      else if (pub.cmd === 'pub') this.admit(pub.body);
      else if (pub.cmd === 'hello') this.connected();
      else if (this.session && pub.body.gen > this.session.gen) void this.reauth(this.jitter());
    } catch (err) {
      // A waiting minion is not yet sure of the master's key (nor of one it is no longer accepted by).
      if (this.ready) log.warning(`Dropping a publication: ${errorMessage(err)}`);
      else log.debug(`Dropping a publication: ${errorMessage(err)}`);
    }
  }

  /** The master announced accepted keys: if this minion waits and is among them, authenticate sooner. */
  private noticed(body: AcceptedBody): void {
    if (!this.fresh || !this.waitingOn || (body.ids && !body.ids.includes(this.o.config.id))) return;
    const { log } = this.o;
    if (this.acceptance.notice(body.splay)) log.info(`The master announced that salt-key accepted this minion's key; authenticating now`);
    else log.debug('Ignoring an acceptance notice: one was acted on less than acceptance_wait_time ago');
  }

  private admit(body: PubBody): void {
    const { log } = this.o;
    const session = this.session;
    if (!session || body.gen < session.gen) return log.debug(`Dropping a publication under an old session key (${body.gen})`);
    if (body.gen > session.gen) {
      if (this.held.length < MAX_HELD) this.held.push(body);
      void this.reauth(this.jitter());
      return;
    }
    let job: JobLoad;
    try {
      job = openJob(body, session.key);
    } catch (err) {
      return log.warning(`Dropping a publication that fails to open: ${errorMessage(err)}`);
    }
    this.admitJob(job, false);
  }

  /**
   * Run `job` if its target selects this minion and its jid is new. A job fetched by catch-up
   * (`caughtUp`) may well have arrived by publication too: its duplicate is dropped quietly.
   */
  private admitJob(job: JobLoad, caughtUp: boolean): void {
    const { log } = this.o;
    let mine: boolean;
    try {
      mine = matchTarget(job.tgt, job.tgt_type, this.o.facts(), { delimiter: job.delimiter });
    } catch (err) {
      return log.warning(`Job ${job.jid}: bad target: ${errorMessage(err)}`);
    }
    if (!mine) return;
    if (this.guard!.admit(job.jid)) return this.o.onJob(job);
    if (caughtUp) log.debug(`Job ${job.jid} from catch-up already ran or is older than this session`);
    else log.warning(`Dropping job ${job.jid}: already run or older than this session (replay)`);
  }
}

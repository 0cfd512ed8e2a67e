/**
 * Raw TCP to the master's ports, below zeromq: each frame is one connection
 * that writes its payload, waits up to `lingerMs` for the master to close it,
 * then resets it (RST: no TIME_WAIT left behind, so a million connections do
 * not exhaust the ephemeral ports). At most `concurrency` such connections
 * at once. Held frames (slowloris) stay open, at most `maxHeld` of them: the
 * oldest is reset when another comes. Outcomes: `closed` (the master hung
 * up), `open` (it was still waiting), `refused` (nothing listening: the
 * master is gone), or the socket error's code.
 */
import net from 'node:net';
import type { TcpFrame } from './kinds';
import type { Tally } from './tally';

/** Options of a {@link TcpSink}. */
export interface TcpSinkOptions {
  host: string;
  ports: { 'tcp-request': number; 'tcp-publish': number };
  concurrency: number;
  maxHeld: number;
  /** How long a connection waits for the master to close it, in milliseconds. */
  lingerMs: number;
}

/** Close a socket with a reset when it is connected, else just destroy it. */
function reset(s: net.Socket): void {
  if (s.readyState === 'open') s.resetAndDestroy();
  else s.destroy();
}

/** Raw TCP connections. */
export class TcpSink {
  private active = 0;
  private readonly idle: Array<() => void> = [];
  private readonly held: net.Socket[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly o: TcpSinkOptions) {}

  /** Open a connection, write `payload`; resolves with the socket once written, or the error code. */
  private connect(frame: TcpFrame): Promise<{ socket: net.Socket; closed: Promise<void>; error?: string }> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: this.o.host, port: this.o.ports[frame.place] });
      let error: string | undefined;
      const closed = new Promise<void>((r) => socket.once('close', () => r()));
      socket.on('error', (err: NodeJS.ErrnoException) => {
        error ??= err.code === 'ECONNREFUSED' ? 'refused' : (err.code ?? 'error');
        resolve({ socket, closed, error });
      });
      socket.on('data', () => undefined);
      socket.once('connect', () => socket.write(frame.payload, () => resolve({ socket, closed, error })));
    });
  }

  private async shot(frame: TcpFrame, tally: Tally): Promise<void> {
    const { socket, closed, error } = await this.connect(frame);
    if (error) {
      tally.add(error);
      reset(socket);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise<string>((r) => (timer = setTimeout(() => r('open'), this.o.lingerMs)))]);
    clearTimeout(timer);
    tally.add(outcome);
    reset(socket);
  }

  private async hold(frame: TcpFrame, tally: Tally): Promise<void> {
    const { socket, closed, error } = await this.connect(frame);
    if (error) {
      tally.add(error);
      reset(socket);
      return;
    }
    tally.add('held');
    this.held.push(socket);
    void closed.then(() => {
      const i = this.held.indexOf(socket);
      if (i >= 0) this.held.splice(i, 1);
    });
    while (this.held.length > this.o.maxHeld) reset(this.held.shift()!);
  }

  /** Start one connection once fewer than `concurrency` are running; its outcome is counted in `tally`. Never throws. */
  async send(frame: TcpFrame, tally: Tally): Promise<void> {
    while (this.active >= this.o.concurrency) await new Promise<void>((r) => this.idle.push(r));
    this.active++;
    const p = (frame.hold ? this.hold(frame, tally) : this.shot(frame, tally)).finally(() => {
      this.active--;
      this.running.delete(p);
      this.idle.shift()?.();
    });
    this.running.add(p);
  }

  /** Wait for running connections, then reset the held ones. */
  async close(): Promise<void> {
    await Promise.all([...this.running]);
    for (const s of this.held.splice(0)) reset(s);
  }
}

/**
 * `salt -p/--progress`: a bar on stderr counting the minions that returned
 * against those expected, drawn with cli-progress, only when stdout and
 * stderr are both a terminal (never into a pipe or a file, as Salt's).
 */
import type { SingleBar } from 'cli-progress';

/** A running progress bar. */
export interface Progress {
  /** One more minion returned. */
  tick(): void;
  /** Clear the bar's line so a return can be printed on stdout; the bar is drawn again below it. */
  clear(): void;
  /** Remove the bar (the job is over). */
  stop(): void;
}

/**
 * Start a bar for `total` expected minions, or return undefined when either
 * stream is not a terminal. cli-progress is loaded only here, so a salt
 * without -p does not pay for it.
 */
export function startProgress(total: number, streams: { stdout: Pick<NodeJS.WriteStream, 'isTTY'>; stderr: NodeJS.WriteStream }): Progress | undefined {
  if (!streams.stdout.isTTY || !streams.stderr.isTTY) return undefined;
  const { SingleBar: Bar, Presets } = require('cli-progress') as typeof import('cli-progress');
  const bar: SingleBar = new Bar({
    format: 'Returned {value}/{total} minions [{bar}] {percentage}%',
    stream: streams.stderr,
    clearOnComplete: true,
    hideCursor: false,
  }, Presets.shades_classic);
  bar.start(total, 0);
  return {
    tick: () => bar.increment(),
    clear: () => {
      streams.stderr.cursorTo(0);
      streams.stderr.clearLine(0);
    },
    stop: () => bar.stop(),
  };
}

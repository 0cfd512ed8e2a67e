/** A logger that records each line with its level, for the returner tests. */
import type { Logger } from '@brine/core/log';

/** A {@link Logger} keeping `[level, message]` pairs in `lines`. */
export function recordingLogger(): Logger & { lines: [string, string][] } {
  const lines: [string, string][] = [];
  const at = (level: string) => (msg: string) => void lines.push([level, msg]);
  const log = { lines, critical: at('critical'), error: at('error'), warning: at('warning'), info: at('info'), debug: at('debug'), trace: at('trace'), child: () => log };
  return log;
}

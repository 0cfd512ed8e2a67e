/**
 * Process starts take turns: one per event-loop turn, in the order asked.
 * Node's spawn forks the minion synchronously, and a fork costs time in
 * proportion to the forking process's memory (on the benchmark machine
 * 1.5 ms at 65 MB, tens of ms near 1 GB). Commands started in one burst
 * (many jobs at once, or a swarm process hosting 1,000 minions) would hold
 * the event loop for the whole burst: acknowledgements of returns would
 * time out unread, find_job would go unanswered, and the CLI would report
 * busy minions as lost. Between two turns the loop reads its sockets. A lone
 * command waits one turn (microseconds). Salt forks a process per job and
 * has no such queue.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The turn of the last caller: the next one goes after it. */
let last: Promise<void> = Promise.resolve();

/**
 * Wait for this caller's turn to start a process: after every earlier caller's turn, one turn of the event loop
 * apart. @returns resolves when the caller may spawn (synchronously, before its next await)
 */
export function spawnTurn(): Promise<void> {
  const turn = last.then(() => nextTurn());
  last = turn;
  return turn;
}

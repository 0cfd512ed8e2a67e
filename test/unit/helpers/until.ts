/**
 * Wait for a condition that no event announces (a file a child process
 * writes, a process that is not ours exiting), by asking again until it holds.
 * For waiting on something, never for letting time pass.
 */

/**
 * Resolve with the first truthy value of `probe`, asked every 10 ms.
 * @param what what is awaited, for the error
 * @throws Error when it is still falsy after `withinMs`
 */
export async function until<T>(probe: () => T | Promise<T>, what: string, withinMs = 3000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

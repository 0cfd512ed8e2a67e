/**
 * lmdb-js (3.5) starts each batch of writes with an internal write whose
 * promise nothing awaits. When the batch fails to commit (a full disk, a
 * read-only file), that promise rejects unhandled, beside the same error
 * delivered to every caller that wrote in the batch, which the master handles
 * (job-cache.ts). The daemon's fatal-error handler lets exactly these pass.
 */

/** The message lmdb-js gives every write of a batch that failed to commit. */
const COMMIT_FAILED = 'Commit failed (see commitError for details)';

/**
 * True for lmdb-js's own "Commit failed" rejection (an Error with that message and a `commitError`
 * promise), which the writes' callers received too; false for anything else.
 */
export function isOrphanCommitFailure(reason: unknown): boolean {
  return reason instanceof Error && reason.message === COMMIT_FAILED && 'commitError' in reason;
}

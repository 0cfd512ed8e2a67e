/**
 * The master's side of `salt-run audit.verify`: the local channel's
 * `audit_verify` command. The master owns its cachedir, so the check runs
 * there; salt-run only asks and prints.
 */
import path from 'node:path';
import type { AuditVerification } from '@brine/core/protocol/v1/local-client';
import { AUDIT_LOG_NAME } from './audit-chain';
import { verifyAuditLog } from './audit-verify';

/**
 * The handler of `audit_verify` for the master whose cachedir is `cachedir`: it checks the hash chain of
 * cachedir/audit.log and its rotated files (audit-verify.ts), reading them a chunk at a time so the master keeps
 * serving meanwhile.
 * @returns the handler; it resolves to the check's result, and rejects when a file of the log cannot be read
 */
export function auditVerifyHandler(cachedir: string): () => Promise<AuditVerification> {
  const file = path.join(cachedir, AUDIT_LOG_NAME);
  return () => verifyAuditLog(file);
}

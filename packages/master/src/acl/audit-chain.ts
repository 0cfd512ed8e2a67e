/**
 * The format of the master's audit log (cachedir/audit.log), shared by its
 * writer (audit-log.ts) and its checker (audit-verify.ts).
 *
 * - One JSON object per line, ended by "\n". Every line begins with
 *   `{"seq":N,"prev":"<hex>"`: `seq` numbers the lines of the chain from 1,
 *   one per line and never reset (across rotations too); `prev` is the SHA-256
 *   (hex) of the previous line's exact bytes, without its "\n" (64 zeros for
 *   line 1: {@link GENESIS}). Editing, deleting or inserting a line breaks the
 *   link of the line after it.
 * - A line is a command's record ({@link CommandLine}) or the master's note
 *   about the log itself ({@link NoteLine}): a line left torn by a crash, a
 *   gap of commands refused because the log could not be written, or a log
 *   found removed or replaced under the master.
 * - Rotation renames audit.log to audit.log.1 (.1 to .2, ...); the chain
 *   runs on through the files: the first line of audit.log links to the last
 *   of audit.log.1.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { printableDefault } from '@brine/core/python-json';

/** The audit log's name in the master's cachedir. */
export const AUDIT_LOG_NAME = 'audit.log';

/** The `prev` of the first line of a chain. */
export const GENESIS = '0'.repeat(64);

/** The fields every line begins with, in this order. */
export interface ChainFields {
  /** The line's number in the chain, from 1. */
  seq: number;
  /** SHA-256 (hex) of the previous line's bytes ({@link GENESIS} for line 1). */
  prev: string;
  /** When it was written: ISO 8601, UTC. */
  time: string;
}

/** A command of the local channel and the decision on it. */
export interface CommandLine extends ChainFields {
  user: string;
  /** How the master knows the caller (decision.ts CallerVia). */
  via: string;
  /** The local channel command: `publish`, `runner_new`, ... */
  command: string;
  fun: string;
  /**
   * The arguments, secrets redacted (acl/redact.ts). This and the other fields of the caller's text are a sentence
   * giving their size and SHA-256 instead when their JSON passes audit-log.ts AUDIT_FIELD_MAX_BYTES.
   */
  arg: unknown[] | string;
  kwarg: Record<string, unknown> | string;
  tgt: string | string[] | null;
  tgt_type: string | null;
  /** How many accepted minions the target resolved to (null for runners and wheel). */
  minions: number | null;
  allowed: boolean;
  rule: string;
  reason: string;
  /** The job's jid (null when none was taken: a refusal, or no minion matched). */
  jid: string | null;
}

/** The master's notes about the log itself. */
export type NoteLine = ChainFields &
  (
    | {
        /** The line before this one was cut short (a crash or a failed write); it is kept as written, never cut off. */
        note: 'torn';
        /** Its length in bytes. */
        bytes: number;
      }
    | {
        /** Commands were refused because the log could not be written (see audit-log.ts: the log fails closed). */
        note: 'unwritten';
        refused: number;
        since: string;
        error: string;
      }
    | {
        /**
         * The master found audit.log removed or replaced while it had it open: the chain continues from the file
         * found (or a new one); the master's own chain had reached `held_seq`, whose line's hash was `held_prev`.
         */
        note: 'replaced';
        held_seq: number;
        held_prev: string;
      }
  );

/** The chain fields of a line that parses, and its note if it is one. */
export interface Link {
  seq: number;
  prev: string;
  note?: NoteLine['note'];
}

/** What a torn line still shows of its chain fields, when it was cut after them. */
const LINK_PREFIX = /^\{"seq":(\d+),"prev":"([0-9a-f]{64})"/;
const HEX_HASH = /^[0-9a-f]{64}$/;

/** SHA-256 (hex) of a line's bytes, without its "\n": the next line's `prev`. */
export function lineHash(line: Uint8Array): string {
  return crypto.createHash('sha256').update(line).digest('hex');
}

/** The chain fields of `line`, when it is a JSON object with a positive integer `seq` and a hex `prev`; else undefined. */
export function parseLink(line: Uint8Array): Link | undefined {
  let rec: unknown;
  try {
    rec = JSON.parse(Buffer.from(line).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return undefined;
  const { seq, prev, note } = rec as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1 || typeof prev !== 'string' || !HEX_HASH.test(prev)) return undefined;
  return { seq: seq as number, prev, ...(typeof note === 'string' ? { note: note as Link['note'] } : {}) };
}

/** The chain fields a torn line still begins with (undefined when it was cut before their end). */
export function tornLink(line: Uint8Array): { seq: number; prev: string } | undefined {
  const m = LINK_PREFIX.exec(Buffer.from(line).toString('latin1'));
  return m ? { seq: Number(m[1]), prev: m[2] } : undefined;
}

/** The path of the `n`-th rotated file of the log at `file` (1: the newest). */
export function rotatedPath(file: string, n: number): string {
  return `${file}.${n}`;
}

/** The numbers of the rotated files of the log at `file` that exist now, ascending (newest first). */
export function rotatedNumbers(file: string): number[] {
  const base = path.basename(file);
  const pattern = new RegExp(`^${base.replace(/\./g, '\\.')}\\.([1-9]\\d{0,8})$`);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  return names
    .map((name) => pattern.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Serialize a line: JSON with the chain fields first (as {@link ChainFields} orders them). A value JSON has no
 * form for is written as text: bigints as a number when exact, else as decimal digits; bytes as their UTF-8 text,
 * or Python's `b'...'` repr when they are not UTF-8 (python-json.ts printableDefault); NaN and Infinity as null,
 * as JSON.stringify does.
 */
export function serializeLine(line: CommandLine | NoteLine): string {
  return JSON.stringify(line, (_key, value: unknown) => {
    if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (value instanceof Uint8Array) return printableDefault(value);
    return value;
  });
}

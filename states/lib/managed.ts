/**
 * Salt's `file.managed`: make a file hold given contents (from `salt://`, a
 * Handlebars template or inline `contents`) with a given owner and mode.
 * Also used by `file.recurse` for each file, as Salt's recurse calls managed.
 */
import { promises as fs } from 'node:fs';
import { SaltInvocationError, SaltRenderError } from '@brine/core/errors';
import type { ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { stateReturn, type StateReturn } from '@brine/core/state/define';
import { renderFileTemplate, templateEngine } from '@brine/core/render/file-template';
import { isText, unifiedDiff } from '@brine/core/diff';
import { ensureParent, requireAbsolute } from './paths';
import { checkPerms, type Perms } from './perms';

/** Arguments of {@link managed}, as the state declares them. */
export interface ManagedArgs extends Perms {
  name: string;
  source?: string;
  contents?: string;
  template?: string;
  context?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
  makedirs?: boolean;
  replace?: boolean;
  saltenv: string;
}

/** Salt's note on test-mode comments of file.managed. */
const TEST_NOTE = '\nNote: No changes made, actual changes may\nbe different due to other states.';

/** The contents a file should have: the bytes, and a local file holding them when there is one (a plain source). */
interface Wanted {
  data: Buffer;
  copyFrom?: string;
}

/**
 * What the file should contain, or undefined when only its metadata is managed
 * (no source and no contents).
 * @throws SaltInvocationError for an unknown template engine; CommandExecutionError for a missing source; SaltRenderError for a template error
 */
async function wanted(ctx: ExecContext, a: ManagedArgs): Promise<Wanted | undefined> {
  if (a.template) templateEngine(a.template);
  let text: string;
  if (a.source) {
    const local = await ctx.files.cacheFile(a.source, a.saltenv);
    const data = await fs.readFile(local);
    if (!a.template) return { data, copyFrom: local };
    text = data.toString('utf8');
  } else if (a.contents != null) {
    text = a.contents;
  } else {
    return undefined;
  }
  if (a.template) {
    const vars = { grains: ctx.grains, pillar: ctx.pillar, opts: ctx.opts, name: a.name, source: a.source ?? '', ...a.defaults, ...a.context };
    const template = a.source ?? a.name;
    const render = { engine: a.template, text, source: a.source, saltenv: a.saltenv, vars, salt: ctx.salt, files: ctx.files };
    text = await renderFileTemplate(render).catch((err: unknown) => {
      throw err instanceof SaltRenderError ? new SaltRenderError(`Unable to render template ${template}: ${err.message}`, template, err.line) : err;
    });
  }
  // Salt's contents_newline: inline contents always end with a newline.
  if (!a.source && !text.endsWith('\n')) text += '\n';
  return { data: Buffer.from(text) };
}

/** The `diff` change from `before` to `after` with Salt's wording for binary files, or undefined when equal. */
export function contentDiff(before: Buffer, after: Buffer): string | undefined {
  if (before.equals(after)) return undefined;
  const [wasText, isNowText] = [isText(before), isText(after)];
  if (wasText && isNowText) return unifiedDiff(before.toString('utf8'), after.toString('utf8'));
  if (wasText) return 'Replace text file with binary file';
  return isNowText ? 'Replace binary file with text file' : 'Replace binary file';
}

/** Write the wanted contents through the file module (atomic, keeps an existing file's owner and mode). */
async function write(ctx: ExecContext, name: string, want: Wanted): Promise<void> {
  if (want.copyFrom) await ctx.salt.call('file.copy', [want.copyFrom, name]);
  else await ctx.salt.call('file.set_contents', [name, want.data.toString('utf8')]);
}

/** The mode of `name` from `file.get_mode`, e.g. '0644'. @throws CommandExecutionError for an answer that is not a string */
async function modeOf(ctx: ExecContext, name: string): Promise<string> {
  return expectResult('file.get_mode', await ctx.salt.call('file.get_mode', [name]), (v) => typeof v === 'string', 'a mode');
}

/**
 * Salt's file.managed on an existing file whose contents are left alone (`replace: False`,
 * or neither source nor contents): only owner and mode are managed. Comments as Salt 3006:
 * "File <name> exists with proper permissions. No changes made." when nothing changed, none
 * when something did; under test=True "File <name> will be updated with permissions <mode>
 * from its current state of <current>" for a mode change, else "File <name> not updated",
 * with result None when something would change.
 */
async function permsOnly(ctx: ExecContext, a: ManagedArgs): Promise<StateReturn> {
  const changes = await checkPerms(ctx, a.name, a);
  const changed = Object.keys(changes).length > 0;
  if (!ctx.test) return stateReturn(a.name, true, changed ? '' : `File ${a.name} exists with proper permissions. No changes made.`, changes);
  const comment = changes.mode
    ? `File ${a.name} will be updated with permissions ${changes.mode} from its current state of ${await modeOf(ctx, a.name)}`
    : `File ${a.name} not updated`;
  return stateReturn(a.name, changed ? null : true, comment, changes);
}

/**
 * Salt's file.managed. Changes: `diff` ('New file', a unified diff, or a binary
 * notice) and the `user`, `group` and `mode` set; a new file always reports its mode.
 * Comments: "File <name> updated", "File <name> is in the correct state".
 * Under test=True nothing is written: result None, "The file <name> is set to be changed"
 * (and Salt's note) with `{newfile: name}` for a missing file, else the diff and metadata
 * that would change; "The file <name> is in the correct state" (result True) when none would.
 * An existing file without source or contents, or with `replace: False`: see {@link permsOnly}.
 * @throws SaltInvocationError for source with contents; as {@link wanted}, and
 *   CommandExecutionError "Parent directory not present" (without makedirs) or from the file module
 */
export async function managed(ctx: ExecContext, a: ManagedArgs): Promise<StateReturn> {
  if (a.source && a.contents != null) throw new SaltInvocationError("'source' cannot be used in combination with 'contents'");
  requireAbsolute(a.name);
  const st = await fs.stat(a.name).catch(() => undefined);
  if (st?.isDirectory()) throw new SaltInvocationError(`Specified target ${a.name} is a directory`);
  // Salt turns replace off when there is nothing to replace the contents with.
  if (st && (a.replace === false || (!a.source && a.contents == null))) return permsOnly(ctx, a);
  const want = await wanted(ctx, a);
  if (!st) {
    if (ctx.test) return stateReturn(a.name, null, `The file ${a.name} is set to be changed${TEST_NOTE}`, { newfile: a.name });
    await ensureParent(ctx, a.name, a.makedirs === true, 'Parent directory not present');
    await write(ctx, a.name, want ?? { data: Buffer.alloc(0) });
    const changes: Record<string, string> = { diff: 'New file', ...(await checkPerms(ctx, a.name, a)) };
    changes.mode ??= await modeOf(ctx, a.name);
    return stateReturn(a.name, true, `File ${a.name} updated`, changes);
  }
  const diff = want && contentDiff(await fs.readFile(a.name), want.data);
  if (want && diff && !ctx.test) await write(ctx, a.name, want);
  const changes = { ...(diff ? { diff } : {}), ...(await checkPerms(ctx, a.name, a)) };
  if (Object.keys(changes).length === 0) return stateReturn(a.name, true, `${ctx.test ? 'The file' : 'File'} ${a.name} is in the correct state`);
  if (ctx.test) return stateReturn(a.name, null, `The file ${a.name} is set to be changed${TEST_NOTE}`, changes);
  return stateReturn(a.name, true, `File ${a.name} updated`, changes);
}

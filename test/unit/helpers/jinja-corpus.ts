/**
 * The Jinja corpus of issue 13 (test/fixtures/jinja-corpus): its manifest,
 * Salt's results, and rendering a file as the corpus was made — through
 * slsutil.renderer on a masterless minion over the formula's files, with
 * the corpus grains as static grains and an empty pillar. Used by the corpus
 * test and by scripts/bench-render.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalFileClient } from '@brine/core/fileclient/local';
import type { Grains } from '@brine/core/loader/define';
import { Loader, type CallContext } from '@brine/core/loader/loader';
import { MODULES } from '@brine/modules/index';
import { callContext, minionConfig } from './exec-context';

/** The corpus folder. */
export const CORPUS = path.join(__dirname, '../../fixtures/jinja-corpus');

/** One SLS file, as manifest.json lists it. */
export interface CorpusEntry {
  repo: string;
  path: string;
  sls: string;
  ok: boolean;
}

/** A render's outcome: the data, or the error's message. */
export type Outcome = { ok: true; data: unknown } | { ok: false; error: string };

/** Every SLS of the corpus. */
export function corpusManifest(): CorpusEntry[] {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

/** Salt's result for `e`. */
export function saltOutcome(e: CorpusEntry): Outcome {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected', e.repo, `${e.path}.json`), 'utf8')) as Outcome;
}

/** Renders corpus files; `cleanup` removes its temporary cachedir. */
export interface CorpusRenderer {
  /** Render `e` as `salt-call --local slsutil.renderer salt://<path> default_renderer='jinja|yaml' saltenv=base sls=<sls>`. */
  render(e: CorpusEntry): Promise<Outcome>;
  cleanup(): void;
}

/**
 * A renderer with one masterless minion per formula repository. Its folder
 * reads `<work>` in the output, as the producing machine's does in Salt's
 * (its cachedir is <work>/salt-root/var/cache/salt/minion).
 */
export function corpusRenderer(): CorpusRenderer {
  const grains = JSON.parse(fs.readFileSync(path.join(CORPUS, 'grains.json'), 'utf8')) as Grains;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-corpus-'));
  const minions = new Map<string, { loader: Loader; base: CallContext }>();
  const minionFor = (repo: string) => {
    let m = minions.get(repo);
    if (!m) {
      const roots = { base: [path.join(CORPUS, repo)] };
      const cachedir = path.join(tmp, 'salt-root/var/cache/salt/minion');
      const opts = minionConfig(tmp, { id: 'corpus-minion', cachedir, file_client: 'local', file_roots: roots });
      m = { loader: new Loader(MODULES, opts, grains), base: callContext(tmp, grains, new AbortController().signal, { opts, files: new LocalFileClient(roots) }) };
      minions.set(repo, m);
    }
    return m;
  };
  return {
    async render(e) {
      const { loader, base } = minionFor(e.repo);
      try {
        const kwargs = { path: `salt://${e.path}`, default_renderer: 'jinja|yaml', saltenv: 'base', sls: e.sls };
        const data = await loader.call('slsutil.renderer', [], kwargs, base);
        return { ok: true, data: JSON.parse(JSON.stringify(data).split(tmp).join('<work>')) as unknown };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

/**
 * `npm run bench:render [-- --runs 20]`: how long brine takes to render each
 * SLS of the Jinja corpus (test/fixtures/jinja-corpus) through
 * slsutil.renderer with `jinja|yaml`, as the corpus test renders them. Each
 * file renders once to warm up, then `--runs` times; prints the median and
 * max over files of each file's median render time, in ms.
 */
import yargs from 'yargs';
import { corpusManifest, corpusRenderer } from '../test/unit/helpers/jinja-corpus';
import { summarize } from './lib/stats';

const a = yargs(process.argv.slice(2)).option('runs', { type: 'number', default: 20, describe: 'Timed renders of each file' }).strict().parseSync();

async function main(): Promise<void> {
  const renderer = corpusRenderer();
  const perFile: { name: string; ms: number }[] = [];
  try {
    for (const e of corpusManifest()) {
      await renderer.render(e);
      const times: number[] = [];
      for (let i = 0; i < a.runs; i++) {
        const t0 = process.hrtime.bigint();
        await renderer.render(e);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      perFile.push({ name: `${e.repo}/${e.path}`, ms: summarize(times).median });
    }
  } finally {
    renderer.cleanup();
  }
  const s = summarize(perFile.map((f) => f.ms));
  const slowest = perFile.reduce((x, y) => (y.ms > x.ms ? y : x));
  console.log(`files: ${perFile.length}, runs each: ${a.runs}`);
  console.log(`render time per SLS (ms): median ${s.median.toFixed(2)}, max ${slowest.ms.toFixed(2)} (${slowest.name})`);
}

void main();

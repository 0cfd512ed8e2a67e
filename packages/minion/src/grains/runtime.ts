/**
 * Grains about the program reporting them: `cwd`, `path`, `systempath`,
 * `shell`, `locale_info`, the brine version as `saltversion` and
 * `saltversioninfo`, `zmqversion`, and Salt's Python grains.
 *
 * brine runs on Node, not Python: `pythonexecutable` is the Node binary,
 * `pythonversion` Node's version in Python's sys.version_info shape
 * ([major, minor, micro, 'final', 0]), `pythonpath` the folders Node searches
 * for brine's modules, and `saltpath` the folder of brine's packages. They keep
 * Salt's names and types, so states and templates that read them still work.
 */
import path from 'node:path';
import type { Grains } from '@brine/core/loader/define';
import { brineVersion } from '@brine/core/version';

/** Salt's `path` ($PATH, trimmed) and `systempath` (its entries). */
export function pathGrains(env: NodeJS.ProcessEnv = process.env): Grains {
  const p = (env.PATH ?? '').trim();
  return { path: p, systempath: p.split(path.delimiter) };
}

/** Python's sys.version_info of a Node version string ('20.11.1' → [20, 11, 1, 'final', 0]). */
export function versionInfo(version: string): [number, number, number, string, number] {
  const [major = 0, minor = 0, micro = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return [major, minor, micro, 'final', 0];
}

/** Salt's `saltversioninfo` of a version: its leading numeric parts ('3006.10' → [3006, 10], '0.4.0-rc1' → [0, 4, 0]). */
export function saltVersionInfo(version: string): number[] {
  const out: number[] = [];
  for (const part of version.split(/[.-]/)) {
    if (!/^\d+$/.test(part)) break;
    out.push(Number(part));
  }
  return out;
}

/** The Python-shaped runtime grains, in Salt's order (see the file's note). */
export function runtimeGrains(): Grains {
  return {
    pythonexecutable: process.execPath,
    pythonpath: require.resolve.paths('@brine/core') ?? [],
    pythonversion: versionInfo(process.versions.node),
    saltpath: path.resolve(__dirname, '../../..'),
  };
}

/** brine's version as `saltversion` and `saltversioninfo`, and libzmq's as `zmqversion`. */
export function versionGrains(): Grains {
  // Loaded here, not at the top, so importing this file does not load the native addon.
  const zmq = require('zeromq') as typeof import('zeromq');
  const version = brineVersion();
  return { saltversion: version, saltversioninfo: saltVersionInfo(version), zmqversion: zmq.version };
}

/**
 * Salt's `locale_info` as Python 3.11 computes it: `defaultlanguage` and
 * `defaultencoding` are `locale.getlocale()` of LC_CTYPE (from LC_ALL,
 * LC_CTYPE or LANG; the C/POSIX locale is coerced to C.UTF-8, which Python
 * names en_US/UTF-8), `detectedencoding` the encoding Salt detected, and
 * `timezone` 'unknown', as Salt prints it without python-dateutil.
 */
export function localeInfo(env: NodeJS.ProcessEnv = process.env): Grains {
  let name = env.LC_ALL || env.LC_CTYPE || env.LANG || 'C';
  if (name === 'C' || name === 'POSIX') name = 'C.UTF-8';
  const [lang, rest = ''] = name.split('@')[0].split('.');
  const rawEnc = rest.toLowerCase().replace(/[-_]/g, '');
  const encoding = rawEnc === 'utf8' ? 'UTF-8' : rest === '' ? 'ISO8859-1' : rest.toUpperCase();
  const language = lang === 'C' || lang === 'POSIX' ? 'en_US' : lang;
  return {
    locale_info: {
      defaultlanguage: language,
      defaultencoding: encoding,
      detectedencoding: encoding === 'UTF-8' ? 'utf-8' : encoding.toLowerCase(),
      timezone: 'unknown',
    },
  };
}

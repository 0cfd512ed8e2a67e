/**
 * `--versions-report` (`-V`) of every CLI, as Salt's: brine's version, Node's,
 * the version of every runtime dependency of brine's packages and of libzmq,
 * then the operating system, in Salt's layout (`salt --versions-report`):
 * titled sections, names right-aligned two columns past the longest name,
 * and a line holding one space between sections.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brineRoot, brineVersion, readPackage } from './version';

/** One titled section: names and values, in order. */
export type Section = [title: string, rows: Array<[name: string, value: string]>];

/**
 * Salt's layout of `sections`.
 * @returns the text, ending in a newline
 */
export function formatVersionsReport(sections: Section[]): string {
  const width = Math.max(...sections.flatMap(([, rows]) => rows.map(([name]) => name.length))) + 2;
  return sections.map(([title, rows]) => `${title}:\n${rows.map(([name, value]) => `${name.padStart(width)}: ${value}\n`).join('')}`).join(' \n') + ' \n';
}

/** The folders of brine's packages: the workspaces of its root package.json, or none when installed without it. */
function brinePackageDirs(): string[] {
  const root = brineRoot();
  return root ? (readPackage(root)?.workspaces ?? []).map((ws) => path.join(root, ws)) : [];
}

/** The installed version of package `name` as seen from `fromDir`, or 'Not Installed'. */
function installedVersion(name: string, fromDir: string): string {
  let file: string;
  try {
    file = require.resolve(name, { paths: [fromDir] });
  } catch {
    return 'Not Installed';
  }
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const pkg = readPackage(dir);
    if (pkg?.name === name && pkg.version) return pkg.version;
  }
  return 'Not Installed';
}

/** `/etc/os-release` as key/value pairs (empty when absent). */
function osRelease(): Record<string, string> {
  let text = '';
  try {
    text = fs.readFileSync('/etc/os-release', 'utf8');
  } catch {
    return {};
  }
  return Object.fromEntries(text.split('\n').flatMap((line) => {
    const m = /^([A-Z_]+)=("?)(.*)\2$/.exec(line);
    return m ? [[m[1], m[3]]] : [];
  }));
}

/**
 * The sections of this installation's versions report: runtime dependencies (not `@brine/*`, not `@types/*`)
 * of every brine package, sorted case-insensitively as Salt's, with libzmq's version from zeromq.
 */
export function versionsReport(): Section[] {
  const deps = new Map<string, string>();
  for (const dir of brinePackageDirs()) {
    for (const name of Object.keys(readPackage(dir)?.dependencies ?? {})) {
      if (!name.startsWith('@brine/') && !name.startsWith('@types/') && !deps.has(name)) deps.set(name, installedVersion(name, dir));
    }
  }
  let libzmq = 'Not Installed';
  try {
    libzmq = (require('zeromq') as { version: string }).version;
  } catch {
    // zeromq missing: reported as such.
  }
  const release = osRelease();
  return [
    ['Brine Version', [['brine', brineVersion()]]],
    ['Node Version', [['Node', process.versions.node]]],
    ['Dependency Versions', [...[...deps].sort(([a], [b]) => a.localeCompare(b, 'en', { sensitivity: 'base' })), ['libzmq', libzmq]]],
    [
      'System Versions',
      [
        ['dist', [release.ID, release.VERSION_ID, release.VERSION_CODENAME].filter(Boolean).join(' ')],
        ['locale', 'utf-8'],
        ['machine', os.machine()],
        ['release', os.release()],
        ['system', os.type()],
        ['version', release.PRETTY_NAME ?? os.version()],
      ],
    ],
  ];
}

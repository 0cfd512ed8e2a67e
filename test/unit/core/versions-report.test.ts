import { formatVersionsReport, versionsReport } from '@brine/core/versions-report';

test("the layout is Salt's: names right-aligned two past the longest, sections split by a one-space line", () => {
  // Lines as in the reference capture salt_versions_report.txt.
  const text = formatVersionsReport([
    ['Salt Version', [['Salt', '3006.10']]],
    ['Dependency Versions', [['cffi', 'Not Installed'], ['cryptography', '38.0.4']]],
  ]);
  expect(text).toBe('Salt Version:\n          Salt: 3006.10\n \nDependency Versions:\n          cffi: Not Installed\n  cryptography: 38.0.4\n \n');
});

test('the report names brine, Node, the runtime dependencies and libzmq, and the system', () => {
  const sections = new Map(versionsReport());
  expect(sections.get('Node Version')).toEqual([['Node', process.versions.node]]);
  const deps = new Map(sections.get('Dependency Versions'));
  for (const name of ['zeromq', 'msgpackr', 'yargs', 'lmdb', 'winston']) expect(deps.get(name)).toMatch(/^\d+\.\d+\.\d+/);
  expect(deps.get('libzmq')).toMatch(/^\d+\.\d+\.\d+$/);
  expect([...deps.keys()].some((k) => k.startsWith('@types/') || k.startsWith('@brine/'))).toBe(false);
  expect(new Map(sections.get('System Versions')).get('system')).toBe('Linux');
});

/**
 * Values as YAML nodes, as Salt's SafeOrderedDumper represents them
 * (PyYAML 6.0's SafeRepresenter plus salt/utils/yamldumper.py), and the
 * anchors PyYAML's serializer gives nodes reached twice.
 */
import { isDict, pyNumberRepr } from '../python';
import { PyError, pyCompare } from '../jinja/runtime/values';

/** A scalar node: its tag's short name and its text. */
export interface ScalarNode {
  readonly kind: 'scalar';
  readonly tag: 'str' | 'int' | 'float' | 'bool' | 'null';
  readonly value: string;
}

/** A sequence node; `flow` is its flow style. */
export interface SequenceNode {
  readonly kind: 'sequence';
  readonly items: YamlNode[];
  flow: boolean;
}

/** A mapping node with its pairs in output order. */
export interface MappingNode {
  readonly kind: 'mapping';
  readonly pairs: Array<readonly [YamlNode, YamlNode]>;
  flow: boolean;
}

/** A node of the tree PyYAML's representer builds and its serializer writes. */
export type YamlNode = ScalarNode | SequenceNode | MappingNode;

/**
 * The node tree of `data`, as yaml.dump(data, Dumper=SafeOrderedDumper,
 * default_flow_style=...) builds it: None `null`, bools `true`/`false`,
 * ints as str(), floats as PyYAML's represent_float (`1.5`, `1.0e-05`,
 * `.inf`, `-.inf`, `.nan`), lists and tuples as sequences, dicts (Maps and
 * plain objects) as mappings with their keys sorted as Python's sorted()
 * (left in order when Python could not compare them), anything else
 * (Undefined, functions, namespaces) as Salt's `NULL`. A collection reached
 * twice (by identity) is one node, so it gets an anchor.
 * @param defaultFlowStyle true: collections in flow style; false: block;
 *   null: flow only for collections of scalars
 */
export function represent(data: unknown, defaultFlowStyle: boolean | null): YamlNode {
  const seen = new Map<object, YamlNode>();

  function collection(items: unknown[] | Array<readonly [unknown, unknown]>, isMap: boolean, key: object): YamlNode {
    const node: SequenceNode | MappingNode = isMap
      ? { kind: 'mapping', pairs: [], flow: false }
      : { kind: 'sequence', items: [], flow: false };
    seen.set(key, node);
    let best = true;
    const scalar = (n: YamlNode): YamlNode => {
      if (n.kind !== 'scalar') best = false;
      return n;
    };
    if (node.kind === 'mapping') {
      for (const [k, v] of items as Array<readonly [unknown, unknown]>) node.pairs.push([scalar(of(k)), scalar(of(v))]);
    } else {
      for (const item of items as unknown[]) node.items.push(scalar(of(item)));
    }
    node.flow = defaultFlowStyle ?? best;
    return node;
  }

  function of(v: unknown): YamlNode {
    if (v === null || v === undefined) return { kind: 'scalar', tag: 'null', value: 'null' };
    if (typeof v === 'boolean') return { kind: 'scalar', tag: 'bool', value: v ? 'true' : 'false' };
    if (typeof v === 'string') return { kind: 'scalar', tag: 'str', value: v };
    if (typeof v === 'bigint') return { kind: 'scalar', tag: 'int', value: String(v) };
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) return { kind: 'scalar', tag: 'int', value: String(v) };
      return { kind: 'scalar', tag: 'float', value: floatText(v) };
    }
    if (typeof v !== 'object') return { kind: 'scalar', tag: 'null', value: 'NULL' };
    const known = seen.get(v);
    if (known) return known;
    if (Array.isArray(v)) return collection(v, false, v);
    if (v instanceof Map) return collection(sortedItems([...v]), true, v);
    if (isDict(v)) return collection(sortedItems(Object.entries(v)), true, v);
    return { kind: 'scalar', tag: 'null', value: 'NULL' };
  }

  return of(data);
}

/** PyYAML's represent_float: repr() lowercased, `.0` put before a bare exponent. */
function floatText(v: number): string {
  if (Number.isNaN(v)) return '.nan';
  if (v === Infinity) return '.inf';
  if (v === -Infinity) return '-.inf';
  const text = pyNumberRepr(v).toLowerCase();
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}

/** sorted(dict.items()) as PyYAML's represent_mapping does it, or the items in order on TypeError. */
function sortedItems(items: Array<readonly [unknown, unknown]>): Array<readonly [unknown, unknown]> {
  try {
    return [...items].sort((a, b) => pyCompare(a[0], b[0]));
  } catch (err) {
    if (err instanceof PyError && err.pyType === 'TypeError') return items;
    throw err;
  }
}

/**
 * The anchors of `root` as PyYAML's serializer names them: a node reached a
 * second time in document order gets `id001`, `id002`...
 */
export function anchorsOf(root: YamlNode): Map<YamlNode, string> {
  const visited = new Set<YamlNode>();
  const anchors = new Map<YamlNode, string>();
  const walk = (node: YamlNode): void => {
    if (visited.has(node)) {
      if (!anchors.has(node)) anchors.set(node, `id${String(anchors.size + 1).padStart(3, '0')}`);
      return;
    }
    visited.add(node);
    if (node.kind === 'sequence') node.items.forEach(walk);
    if (node.kind === 'mapping') {
      for (const [k, v] of node.pairs) {
        walk(k);
        walk(v);
      }
    }
  };
  walk(root);
  return anchors;
}

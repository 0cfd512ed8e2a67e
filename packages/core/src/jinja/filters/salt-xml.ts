/**
 * Salt 3006's `xml` filter (SerializerExtension.format_xml): data made into
 * an ElementTree (a dict's scalar values become attributes, its dict and
 * list values child elements, a scalar an element's text; a list repeats
 * its tag) and printed by minidom's toprettyxml(indent=" "), quirks
 * included: only the last top-level element is printed.
 */
import { PyError, isDict, pyStr, type PyDict } from '../runtime/values';
import { defineFilter, p } from './define';
import type { FilterFn } from './types';

/** An element of the tree. */
interface XmlElement {
  readonly tag: string;
  attrs: [string, string][];
  text: string | null;
  readonly children: XmlElement[];
}

/** True for Python's `isinstance(x, (dict, list))`. */
function isContainer(v: unknown): boolean {
  return isDict(v) || Array.isArray(v);
}

/** Salt's normalize_iter: a dict's items, a list of strs itself, another list nothing. */
function normalize(value: unknown): [unknown, unknown][] | string[] {
  if (Array.isArray(value)) {
    if (!value.length) throw new PyError('IndexError', 'list index out of range');
    return typeof value[0] === 'string' ? (value as string[]) : [];
  }
  if (isDict(value)) return [...(value as PyDict)];
  throw new PyError('TemplateRuntimeError', 'Value is not a dict or list. Cannot render as XML');
}

/** The `(tag, value)` pairs Salt's loop reads from normalize()'s items (a str item gives its first two characters). */
function pairs(items: [unknown, unknown][] | string[]): [unknown, unknown][] {
  return items.map((item) => {
    if (typeof item !== 'string') return item;
    if (item.length < 2) throw new PyError('IndexError', 'string index out of range');
    return [item[0], item[1]];
  });
}

/** Salt's recurse_tree: the last element made at this level. */
function recurse(items: [unknown, unknown][], parent: XmlElement | null): XmlElement | null {
  let sub: XmlElement | null = null;
  for (const [tag, attrs] of items) {
    if (Array.isArray(attrs)) {
      for (const attr of attrs) recurse([[tag, attr]], parent);
    } else {
      sub = { tag: pyStr(tag), attrs: [], text: null, children: [] };
      parent?.children.push(sub);
    }
    if (typeof attrs === 'string' || typeof attrs === 'number' || typeof attrs === 'boolean') {
      (sub as XmlElement).text = pyStr(attrs);
      continue;
    }
    if (isDict(attrs)) (sub as XmlElement).attrs = [...attrs].filter(([, v]) => !isContainer(v)).map(([k, v]) => [pyStr(k), pyStr(v)]);
    for (const [childTag, val] of pairs(normalize(attrs)).filter(([, v]) => isContainer(v))) recurse([[childTag, val]], sub);
  }
  return sub;
}

/** minidom's _write_data. */
function xmlData(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
}

/** minidom's Element.writexml with addindent ' ' and newl '\n'. */
function write(el: XmlElement, indent: string): string {
  let out = `${indent}<${el.tag}${el.attrs.map(([k, v]) => ` ${k}="${xmlData(v)}"`).join('')}`;
  if (el.text) return `${out}>${xmlData(el.text)}</${el.tag}>\n`;
  if (!el.children.length) return `${out}/>\n`;
  out += '>\n';
  for (const child of el.children) out += write(child, `${indent} `);
  return `${out}${indent}</${el.tag}>\n`;
}

/**
 * `xml(value)`: the XML document.
 * @throws PyError TemplateRuntimeError `Value is not a dict or list. Cannot render as XML`; AttributeError, as ElementTree, when no top-level element is made
 */
const xml = defineFilter('format_xml', [p('value')], (_ctx, [value]) => {
  const root = recurse(pairs(normalize(value)), null);
  if (root === null) throw new PyError('AttributeError', "'NoneType' object has no attribute 'iter'");
  return `<?xml version="1.0" ?>\n${write(root, '')}`;
});

/** The `xml` filter, by name. */
export const SALT_XML_FILTERS: ReadonlyArray<[string, FilterFn]> = [['xml', xml]];

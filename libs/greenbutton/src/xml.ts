/**
 * XML in: fast-xml-parser's ordered output turned into a small element tree where every element knows its path.
 * Elements are matched by local name, so `espi:IntervalBlock`, `ns0:IntervalBlock` and `IntervalBlock` in a default
 * namespace are the same thing (Green Button feeds use all three).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EspiParseError, MESSAGES } from './errors';

/** An element: local name, path from the root, attributes by local name, child elements, and its own text. */
export interface XmlNode {
  readonly name: string;
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** The element's direct text, trimmed (`''` when it has none). */
  readonly text: string;
}

/** Elements whose position is always written in paths, because they are the ones that repeat in a feed. */
const ALWAYS_INDEXED = new Set(['entry', 'IntervalReading']);

// Values stay strings (parseTagValue/parseAttributeValue off): "0012" or a 15-digit value must not become a number.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedItem = Record<string, unknown>;

const ATTRIBUTES = ':@';
const TEXT = '#text';

function elementName(item: OrderedItem): string | undefined {
  return Object.keys(item).find((k) => k !== ATTRIBUTES && k !== TEXT);
}

function toNode(item: OrderedItem, name: string, path: string): XmlNode {
  const attributes: Record<string, string> = {};
  const rawAttributes = item[ATTRIBUTES];
  if (rawAttributes && typeof rawAttributes === 'object') {
    for (const [k, v] of Object.entries(rawAttributes as Record<string, unknown>)) attributes[k] = String(v);
  }
  const items = (Array.isArray(item[name]) ? item[name] : []) as OrderedItem[];
  const counts = new Map<string, number>();
  for (const child of items) {
    const n = elementName(child);
    if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const children: XmlNode[] = [];
  const text: string[] = [];
  for (const child of items) {
    const n = elementName(child);
    if (n === undefined) {
      if (child[TEXT] !== undefined) text.push(String(child[TEXT]));
      continue;
    }
    const position = (seen.get(n) ?? 0) + 1;
    seen.set(n, position);
    const indexed = ALWAYS_INDEXED.has(n) || (counts.get(n) ?? 0) > 1;
    children.push(toNode(child, n, `${path}/${n}${indexed ? `[${position}]` : ''}`));
  }
  return { name, path, attributes, children, text: text.join('').trim() };
}

/**
 * Parses `xml` into its root element. Throws {@link EspiParseError} (`not-xml`) with the line and column for a
 * document that is not well-formed XML, is empty, or has more than one root element.
 */
export function readXml(xml: string): XmlNode {
  // A UTF-8 byte order mark survives readFileSync(…, 'utf8'); it is not part of the document.
  const source = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const verdict = XMLValidator.validate(source);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    if (source.trim() === '') throw new EspiParseError('not-xml', '/', MESSAGES.empty());
    // fast-xml-parser lists unclosed elements as a pretty-printed JSON array; one line is enough.
    throw new EspiParseError('not-xml', `line ${line}`, MESSAGES.notWellFormed(line, col, msg.split(/\s+/).join(' ')));
  }
  const items = parser.parse(source) as OrderedItem[];
  const roots = items.flatMap((item) => {
    const n = elementName(item);
    return n === undefined ? [] : [{ item, name: n }];
  });
  if (roots.length === 0) throw new EspiParseError('not-xml', '/', MESSAGES.empty());
  if (roots.length > 1) throw new EspiParseError('not-xml', '/', MESSAGES.severalRoots(roots.map((r) => r.name)));
  return toNode(roots[0].item, roots[0].name, roots[0].name);
}

/** The first child element named `name` (local name), if any. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every child element named `name` (local name), in document order. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

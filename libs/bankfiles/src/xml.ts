/**
 * XML in, for the ISO 20022 readers: the document as a tree of elements known by local name (`Stmt`, whatever prefix
 * the bank chose), each with its path for messages, and the root's namespace, which names the message and version.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BankFileError, MESSAGES } from './errors';

/** An element: local name, path from the root (`Document/BkToCstmrStmt/Stmt[2]/Ntry[1]`), attributes, children, text. */
export interface XmlElement {
  readonly name: string;
  readonly path: string;
  /** Attributes by name as written (`Ccy`; namespace declarations such as `xmlns:ns2` too). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements; those of one name keep their document order. */
  readonly children: readonly XmlElement[];
  /** The element's own text, trimmed; `''` when it has none. */
  readonly text: string;
}

/** The parsed document: its root element and the namespace URI of that root. */
export interface XmlDocument {
  readonly root: XmlElement;
  readonly namespace: string;
}

const TEXT = '#text';
const ATTRIBUTE = '@';

// Values stay strings: "0012" or an 18-digit amount must never become a number.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

type Raw = Record<string, unknown>;

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

function build(raw: Raw, qualifiedName: string, path: string): XmlElement {
  const attributes: Record<string, string> = {};
  const groups: Array<[string, Raw[]]> = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === TEXT) continue;
    if (key.startsWith(ATTRIBUTE)) attributes[key.slice(ATTRIBUTE.length)] = String(value);
    else groups.push([key, value as Raw[]]);
  }
  const children = groups.flatMap(([key, items]) => {
    const name = localName(key);
    return items.map((item, i) => build(item, key, `${path}/${name}${items.length > 1 ? `[${i + 1}]` : ''}`));
  });
  return { name: localName(qualifiedName), path, attributes, children, text: String(raw[TEXT] ?? '').trim() };
}

/**
 * Parses `xml`. Throws {@link BankFileError} `not-xml` for a document that is not well-formed (with line and column) or
 * has no root element.
 */
export function parseXml(xml: string): XmlDocument {
  // A byte order mark survives readFileSync(…, 'utf8'); it is not part of the document.
  const source = xml.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new BankFileError('not-xml', '/', MESSAGES.empty());
  const verdict = XMLValidator.validate(source);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    throw new BankFileError('not-xml', `line ${line}`, MESSAGES.notWellFormed(line, col, msg.split(/\s+/).join(' ')));
  }
  const top = parser.parse(source) as Raw;
  const rootKey = Object.keys(top).find((k) => k !== TEXT && !k.startsWith(ATTRIBUTE));
  if (rootKey === undefined) throw new BankFileError('not-xml', '/', MESSAGES.empty());
  const root = build((top[rootKey] as Raw[])[0], rootKey, localName(rootKey));
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':')) : '';
  return { root, namespace: root.attributes[prefix ? `xmlns:${prefix}` : 'xmlns'] ?? '' };
}

/** The first child named `name`, following a path of names: `first(entry, 'BookgDt', 'Dt')`. */
export function first(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let at = element;
  for (const name of names) at = at?.children.find((c) => c.name === name);
  return at;
}

/** Every child named `name`, in document order. */
export function all(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** The text at a path of names, or null when the element is absent or empty. */
export function textAt(element: XmlElement | undefined, ...names: string[]): string | null {
  const found = first(element, ...names);
  return found && found.text !== '' ? found.text : null;
}

/** Name-based UUIDs (RFC 9562 version 5), so the writer's Atom ids are stable without a random source or a clock. */
import { createHash } from 'node:crypto';

/** The RFC 9562 namespace for URLs. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** The version-5 UUID of `name` in `namespace` (default: the URL namespace), lower-case, e.g. `886313e1-3b8a-5372-9b90-0c9aee199e5d`. */
export function uuidV5(name: string, namespace: string = URL_NAMESPACE): string {
  const ns = Buffer.from(namespace.split('-').join(''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

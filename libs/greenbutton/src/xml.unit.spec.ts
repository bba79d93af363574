import { readXml } from './xml';

describe('readXml', () => {
  it('names elements by local name and writes positions where siblings share a name, and always for entry and IntervalReading', () => {
    const root = readXml('<a:feed xmlns:a="x"><a:entry><a:link rel="self" href="h"/><a:link rel="up" href="u"/><a:title> T </a:title></a:entry></a:feed>');
    expect(root.name).toBe('feed');
    const [entry] = root.children;
    expect(entry.path).toBe('feed/entry[1]');
    expect(entry.children.map((c) => [c.path, c.attributes, c.text])).toEqual([
      ['feed/entry[1]/link[1]', { rel: 'self', href: 'h' }, ''],
      ['feed/entry[1]/link[2]', { rel: 'up', href: 'u' }, ''],
      ['feed/entry[1]/title', {}, 'T'],
    ]);
  });

  it('keeps text as written, entities decoded, comments and processing instructions left out', () => {
    const root = readXml('<?xml version="1.0" encoding = "UTF-8" ?><?xml-stylesheet type="text/xsl" href="s.xslt"?><!-- c --><v>007 &amp; <!-- x -->8</v>');
    expect(root.text).toBe('007 & 8');
  });
});

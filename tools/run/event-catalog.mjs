// `node tools/run/event-catalog.mjs [--write | --check]`: the event catalog (every event type, by topic, with what it
// means) as Markdown, made from the AsyncAPI document libs/contracts/asyncapi.json (itself generated from
// libs/contracts). `--write` puts it in README.md between the `events:start`/`events:end` markers;
// `--check` exits 1 when the README's copy is stale (tools/checks/readme.unit.spec.ts runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { root } from './common.mjs';

export const START = '<!-- events:start -->';
export const END = '<!-- events:end -->';

/** One table per topic: type (the CloudEvents `type`) and its summary, in the document's order. */
export async function eventCatalog() {
  const doc = JSON.parse(readFileSync(join(root, 'libs', 'contracts', 'asyncapi.json'), 'utf8'));
  const sections = Object.values(doc.channels).map((channel) => {
    const rows = Object.values(channel.messages).map((ref) => {
      const message = doc.components.messages[ref.$ref.split('/').pop()];
      return `| \`${message.name}\` | ${message.summary.replaceAll('|', '\\|')} |`;
    });
    return [`**${channel.address}**`, '', '| type | what happened |', '| --- | --- |', ...rows].join('\n');
  });
  const options = await resolveConfig(join(root, 'README.md'));
  return format(sections.join('\n\n'), { ...options, parser: 'markdown' });
}

/** The README with its catalog replaced by `catalog`. */
export function withCatalog(readme, catalog) {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} ... ${END} block`);
  return `${readme.slice(0, from + START.length)}\n\n${catalog}\n${readme.slice(to)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const catalog = await eventCatalog();
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  if (process.argv.includes('--write')) {
    writeFileSync(path, withCatalog(readme, catalog));
  } else if (process.argv.includes('--check')) {
    if (withCatalog(readme, catalog) !== readme) {
      process.stderr.write('README.md: the event catalog is stale; run node tools/run/event-catalog.mjs --write\n');
      process.exit(1);
    }
  } else {
    process.stdout.write(catalog);
  }
}

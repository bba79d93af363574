// Lint rules that guard the architecture: Nx module boundaries by tag, and a pure rating core.
import nx from '@nx/eslint-plugin';

// Framework and I/O packages that domain code must never import.
const infrastructure = ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'express'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.nx', '.infra', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // An app may use the shared libraries, never another app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Workspace tools and checks use the libraries, never an app.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'] },
            // Contracts are plain data: they import only a schema library.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: infrastructure },
            // The pure libraries (the tariff core, Green Button, bank files) have no framework, no database, no broker.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: infrastructure },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

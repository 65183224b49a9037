import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Only src/server/config reads the environment (DESIGN §2).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/server/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/server/config.' }],
    },
  },
  {
    // src/core is pure: no I/O, no frameworks (DESIGN §1).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'kysely', 'fastify', 'react', '*/server/*', '*/web/*'] }],
    },
  },
);

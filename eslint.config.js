import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// One linter for the whole repository, run by `npm test`. Formatting is Prettier's job, not ESLint's.
export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-output/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/web/**/*.tsx', 'packages/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests read arbitrary JSON answers.
    files: ['**/test/**/*.ts', '**/tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain package is pure: no I/O, so that every rule can be tested in isolation.
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'kysely', 'pg', 'better-sqlite3'],
              message: 'The domain package does no I/O.',
            },
          ],
        },
      ],
    },
  },
);

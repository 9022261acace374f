// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const wallClock = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Ask the Clock port for now; only SystemClock reads the wall clock.' },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Ask the Clock port for now; only SystemClock reads the wall clock.' },
  { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'Ask the Clock port for now; only SystemClock reads the wall clock.' },
];

export default tseslint.config(
  { ignores: ['.dependency-cruiser.cjs', 'dist/**', 'docs/api/**', 'node_modules/**', 'coverage/**', 'test/.generated/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', '.ci/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      // `async f() { return promise }` keeps every API method returning a promise, even when it throws early.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Plain scripts are not type-checked: they have no types to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The example app's page: plain ES modules run by the browser, not part of the TS project.
    files: ['examples/express/public/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly', Node: 'readonly', Intl: 'readonly' },
    },
  },
  {
    files: ['src/**/*.ts', 'adapters/**/*.ts'],
    // The contract suites are tests shipped in the package: they may time what they test.
    ignores: ['src/time/system-clock.ts', 'src/**/contract/**'],
    rules: { 'no-restricted-syntax': ['error', ...wallClock] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/contract/**', 'src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['vitest', 'vitest/*'], message: 'Only the contract suite (tickler/testing) may import vitest.' }] }] },
  },
  {
    // Adapters are written as an outside author would write them: on tickler's published entry points only.
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src', '**/src/**'], message: "Import tickler's published entry points ('tickler', 'tickler/adapter', 'tickler/testing'), never its sources." }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

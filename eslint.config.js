// Architecture you can see: each folder may import only the folders below it.
// domain <- store, simulator <- controller <- cli; renderer talks to main only through the bridge.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const folder = (name) => [`**/${name}`, `**/${name}/**`];
const forbid = (folders, message, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [{ group: folders.flatMap(folder), message }, ...extra],
    },
  ],
});
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto', 'worker_threads'],
  message: 'domain is pure: no I/O, no Node built-ins.',
};
const electronOnly = {
  group: ['electron'],
  message: 'only main/electron/ and preload/ may import electron.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'artifacts/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: ['domain/**/*.test.ts', 'domain/test/**'],
    rules: forbid(
      ['store', 'simulator', 'controller', 'main', 'preload', 'renderer', 'cli', 'bench'],
      'domain imports nothing outside itself.',
      [nodeBuiltins, electronOnly],
    ),
  },
  {
    files: ['store/**/*.ts'],
    rules: forbid(
      ['simulator', 'controller', 'main', 'preload', 'renderer', 'cli', 'bench'],
      'store imports only domain.',
      [electronOnly],
    ),
  },
  {
    files: ['simulator/**/*.ts'],
    ignores: ['simulator/**/*.test.ts', 'simulator/test/**'],
    rules: forbid(
      ['store', 'controller', 'main', 'preload', 'renderer', 'cli', 'bench'],
      'simulator imports only domain.',
      [electronOnly],
    ),
  },
  {
    files: ['controller/**/*.ts'],
    ignores: ['controller/**/*.test.ts', 'controller/test/**'],
    rules: forbid(
      ['main', 'preload', 'renderer', 'cli', 'bench'],
      'controller imports domain, store and simulator only.',
      [electronOnly],
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: forbid(
      ['main', 'controller', 'store', 'cli', 'bench'],
      'renderer talks to main only through the preload bridge.',
      [electronOnly, { group: ['node:*'], message: 'renderer runs in a sandboxed page: no Node built-ins.' }],
    ),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: forbid(
      ['renderer', 'controller', 'cli', 'bench'],
      'main services are plain modules; they never import electron or the renderer.',
      [electronOnly],
    ),
  },
  {
    files: ['bin/**/*.mjs', '*.js', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);

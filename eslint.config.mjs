// ESLint (style guide rule 24): type-aware rules that catch async bugs (a floating promise in a consumer
// loses an event silently) and `any`. Formatting is Prettier's job, boundaries are dependency-cruiser's
// (.dependency-cruiser.cjs). test/lint/lint-rules.spec.ts breaks the main rules on purpose.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.integration-spec.ts',
  '**/*.stack-spec.ts',
  '**/*.fault-spec.ts',
  'apps/*/test/**/*.ts',
  'libs/testing/**/*.ts',
  'test/**/*.ts',
  'bench/**/*.ts',
];

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.stack/**',
      'coverage/**',
      '.venv-schemathesis/**',
      'docs/**',
      'test/lint/fixtures/**',
      // Generated from the OpenAPI snapshot by `npm run -s web:api`.
      'apps/web/src/api/schema.d.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      curly: 'error',
      // `== null` stays allowed: it is the idiom for "null or undefined".
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Unused code is the compiler's job (noUnusedLocals, noUnusedParameters), which knows about decorators.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // The web app (ADR 0021): the same type-aware rules on its TSX, plus the rules of hooks. Its globals
    // come from its own tsconfig (DOM lib), which the type-aware parser reads.
    files: ['apps/web/**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': 'off',
      // The two classic rules of hooks; the React Compiler's stricter rules assume the compiler is used.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests may be looser about types (supertest bodies are `any`, jest mocks are unbound methods), but
    // never about promises: an un-awaited `expect(...).rejects` passes whatever happens.
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Plain JavaScript tools (scripts, the pipeline benchmark, configs): the same style, no type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        crypto: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'smart'],
      'no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
);

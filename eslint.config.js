// ESLint for the whole repository (flat config): typescript-eslint's recommended rules for TypeScript, the Vue
// plugin's for the studio, and Prettier's config last so that formatting is Prettier's alone (`npm run format`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '.nx/', '.data/', '.tmp/', 'bench/results/', 'coverage/', 'tests/e2e/screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter kept for its position (resolver signatures, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      // Components named by one word (App, Home…) are ours, not HTML's.
      'vue/multi-word-component-names': 'off',
      // Designers hand a child the draft object it edits (a stage, a condition group): the child changes the draft's
      // fields, never replaces the prop itself.
      'vue/no-mutating-props': ['error', { shallowOnly: true }],
    },
  },
  { files: ['apps/studio/src/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Tests, specs and the bench navigate JSON answers (GraphQL responses, meta-schemas) freely.
    files: ['tests/**', 'bench/**', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);

// Lint configuration (ESLint flat config with typescript-eslint). Formatting is Prettier's job
// (.prettierrc.json); `npm run lint` runs both checks, `npm run format` rewrites the files.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// AssemblyScript puts decorators such as `@inline` on plain functions, which TypeScript's parser
// rejects. Blank them out (same length, so reported positions stay right) before linting.
const assemblyScript = {
  meta: { name: 'assemblyscript-decorators' },
  preprocess: (text) => [
    text.replace(/^([ \t]*)@(inline|global|lazy|unmanaged|final|operator[.\w]*|external[^\n]*)(?=\s)/gm, (m) => ' '.repeat(m.length)),
  ],
  postprocess: (messages) => messages.flat(),
  supportsAutofix: true,
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'build/', 'dist/', 'coverage/', 'docs/api/', 'bench/results/', 'plrf-out/', 'test/artifacts/', 'python/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A destructuring declaration stays `let` when some of its names are reassigned.
      'prefer-const': ['error', { destructuring: 'all' }],
      // `_`-prefixed names mark deliberately unused parameters (callbacks with fixed signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // The TypeScript host and its tests.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read raw Wasm exports and JSON output of the CLI, which have no static types.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // AssemblyScript: TypeScript syntax with Wasm types (f64, usize, v128) and built-ins that the
    // TypeScript checker does not know; they are globals here, and the compiler checks them.
    files: ['assembly/**/*.ts'],
    processor: assemblyScript,
    languageOptions: {
      globals: {
        ASC_FEATURE_SIMD: 'readonly',
        memory: 'readonly',
        heap: 'readonly',
        unreachable: 'readonly',
        load: 'readonly',
        store: 'readonly',
        sizeof: 'readonly',
        alignof: 'readonly',
        changetype: 'readonly',
        v128: 'readonly',
        f64x2: 'readonly',
        f32x4: 'readonly',
        i64x2: 'readonly',
        i32x4: 'readonly',
      },
    },
    rules: {
      // `// @ts-ignore: decorator` is how AssemblyScript sources silence the TypeScript checker on
      // `@inline`, a decorator the language service does not accept on functions.
      '@typescript-eslint/ban-ts-comment': 'off',
      // In AssemblyScript `==` on numbers is the plain comparison; the sources use it throughout.
      eqeqeq: 'off',
      // 64-bit hexadecimal literals (xoshiro and SplitMix64 constants) are exact u64 values here.
      'no-loss-of-precision': 'off',
      // `let s = 0.0` fixes a local's Wasm type (f64) even when every path assigns it again.
      'no-useless-assignment': 'off',
      // `while (true)` retry loops (the ziggurat's slow path) are intended.
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Node scripts and benchmarks (plain ES modules).
    files: ['bench/**/*.js', 'scripts/**/*.mjs', '*.config.{js,mjs,ts}', 'rollup.config.mjs', 'bin/**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // The explorer page and its worker run in the browser.
    files: ['web/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
);

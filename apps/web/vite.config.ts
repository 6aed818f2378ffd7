import { defineConfig } from 'vite';

// Built by `npm run build` from the repository root into dist/web/, which the engine serves at `/`.
// No React plugin: Vite's own transform compiles JSX (automatic runtime); fast refresh is not needed to build.
export default defineConfig({
  root: 'apps/web',
  base: '/',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      // react-intl and react-aria mark their modules "use client" (React Server Components); this app has no
      // server components, so dropping the directive is correct and the warning is noise in `npm start`.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    // `npm run -s web:dev` against a running engine (npm start) on port 3000.
    proxy: Object.fromEntries(
      ['/v1', '/auth', '/docs-json', '/dev-idp'].map((p) => [p, { target: 'http://localhost:3000' }]),
    ),
  },
});

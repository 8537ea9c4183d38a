import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The server this studio talks to during `npm run dev`; in production the server serves `dist` itself.
const API = 'http://localhost:3000';

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n: Composition API only, no global <i18n-t> components, no devtools hooks in production.
    __VUE_I18N_LEGACY_API__: JSON.stringify(false),
    __VUE_I18N_FULL_INSTALL__: JSON.stringify(false),
    __INTLIFY_PROD_DEVTOOLS__: JSON.stringify(false),
  },
  server: {
    proxy: { '/graphql': API, '/health': API, '/files': API },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true, // read by scripts/initial-size.mjs
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Every page needs the framework: one long-cached chunk. Element Plus stays split per page.
          groups: [{ name: 'framework', test: /node_modules[\\/](vue|@vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ }],
        },
        // Shared Element Plus chunks would otherwise be named after their first module, `style/css.mjs`.
        chunkFileNames: (chunk) => `assets/${chunk.name === 'css' ? 'ui' : chunk.name}-[hash].js`,
      },
    },
  },
});

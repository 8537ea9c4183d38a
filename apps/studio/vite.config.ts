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
    proxy: { '/graphql': API, '/health': API },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});

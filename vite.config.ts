import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), 'terminals');
const page = (name: string) => resolve(root, name, 'index.html');

/** The screens: one multi-page app served by the gateway from terminals/dist at the server's root. */
export default defineConfig({
  root,
  base: '/',
  publicDir: resolve(root, 'public'),
  // Browsers do not run standard decorators (`@property() accessor`) yet: esbuild lowers them.
  esbuild: { target: 'es2022' },
  define: { __BUILD_ID__: JSON.stringify(Date.now().toString(36)) },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    // Every browser we run on has modulepreload: no polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        chooser: resolve(root, 'index.html'),
        pos: page('pos'),
        kds: page('kds'),
        expo: page('expo'),
        customer: page('customer'),
        manager: page('manager'),
        sw: resolve(root, 'sw.ts'),
      },
      output: {
        // The service worker must keep one name at the root so that its scope is the whole site.
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        // Lit and the socket client in one chunk, the screens' shared code in another: each is cached once for all screens.
        manualChunks: (id) =>
          id.includes('/node_modules/') ? 'vendor' : /\/terminals\/lib\/|\/shared\/contract\//.test(id) ? 'lib' : undefined,
      },
    },
  },
});

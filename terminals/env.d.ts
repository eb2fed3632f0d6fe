/** Made by Vite at build time (vite.config.ts): names this build's cache in the service worker. */
declare const __BUILD_ID__: string;

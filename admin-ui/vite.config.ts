/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The build lands in target/classes/static: Maven packages it into this module's jar, and the gateway serves it at /.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npm run dev` (and `vite preview`) against a server started by the README's run command (or JAMS_SERVER).
    proxy: { '/api': process.env.JAMS_SERVER ?? 'http://localhost:8080', '/actuator': process.env.JAMS_SERVER ?? 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});

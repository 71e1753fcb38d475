// The renderer build: one static page (React + xyflow) that Electron loads from file:// and
// browser mode serves on 127.0.0.1, hence relative asset URLs (base './').
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export const RENDERER_OUT_DIR = 'out/renderer';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: `../${RENDERER_OUT_DIR}`,
    emptyOutDir: true,
    // A desktop app loads from disk: one chunk per library group is plenty, no size warnings.
    chunkSizeWarningLimit: 4096,
    sourcemap: true,
  },
  logLevel: 'warn',
});

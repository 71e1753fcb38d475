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
    // On a busy machine every plugin "takes significant time"; those warnings say nothing here.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  // ELK's worker script is bundled as a module worker (inlined as a blob, see layout.ts).
  worker: { format: 'es' },
  logLevel: 'warn',
});

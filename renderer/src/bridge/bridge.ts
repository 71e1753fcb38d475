// The renderer's only way to the main services: Electron's preload object when present,
// otherwise the HTTP bridge to the browser-mode process.
import type { MicrogridBridge } from '../../../preload/contract.ts';
import { createHttpBridge } from './http-bridge.ts';

declare global {
  interface Window {
    microgrid?: MicrogridBridge;
  }
}

export const bridge: MicrogridBridge = window.microgrid ?? createHttpBridge();

// The messages between the simulator service (main thread) and its run worker.
import type { ValidationIssue } from '../../../domain/index.ts';
import type { ProfileFormat, SimManifest } from '../../../preload/simulator-contract.ts';
import type { ChartData } from './chart-data.ts';

/** workerData of a run. */
export interface StartRun {
  format: ProfileFormat;
  text: string;
  seed?: number;
}

export type FromWorker =
  | { type: 'invalid'; errors: ValidationIssue[]; warnings: ValidationIssue[] }
  | {
      type: 'started';
      name: string;
      seed: number;
      ticks: number;
      timezone: string;
      warnings: ValidationIssue[];
    }
  | { type: 'progress'; tick: number; ticks: number; at: string; cycles: number }
  | {
      type: 'done';
      manifest: SimManifest;
      summary: Record<string, unknown>;
      files: Record<string, ArrayBuffer>;
      charts: ChartData;
    }
  | { type: 'cancelled' }
  | { type: 'failed'; code: string; message: string };

export type ToWorker = { type: 'cancel' };

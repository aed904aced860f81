import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

// NestJS dependency injection needs decorator metadata, which esbuild does not
// emit: SWC compiles the sources instead (the NestJS docs' recipe).
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    ...sharedTestOptions({ lines: 89, branches: 78, functions: 92, statements: 88 }),
    include: ['test/**/*.spec.ts'],
    // The end-to-end suites each start a server on their own port and database.
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});

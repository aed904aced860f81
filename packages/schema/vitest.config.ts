import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestOptions({ lines: 100, branches: 66, functions: 100, statements: 100 }),
    include: ['test/**/*.spec.ts'],
  },
});

import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestOptions({ lines: 85, branches: 76, functions: 91, statements: 84 }),
    include: ['test/**/*.spec.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'actors/**/*.test.ts',
      'shared/**/*.test.ts',
      'gateway/**/*.test.ts',
      'simulators/**/*.test.ts',
      'terminals/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});

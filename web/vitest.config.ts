import { defineConfig } from 'vitest/config';

// Vitest's 5 s default timeout is a timing check in disguise: on a shared
// 2-core build machine the first import of the lab's page modules alone
// takes longer. Tests assert behaviour; 60 s only catches a hang.
export default defineConfig({
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
});

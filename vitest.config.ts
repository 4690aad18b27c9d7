import {defineConfig} from 'vitest/config'

/** The unit suite: `vitest run` (the browser tests have their own config, test/e2e/vitest.config.ts). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/analysisCacheDir.ts'],
  },
})

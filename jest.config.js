/** Jest runs the TypeScript sources through ts-jest (CommonJS, with decorator metadata). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Browser tests have their own config (jest.e2e.config.js, npm run test:e2e).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // TypeORM and type-graphql read decorator metadata: the polyfill loads before any test module.
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
  testTimeout: 120000,
};

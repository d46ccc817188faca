/** Jest runs the TypeScript sources through ts-jest (CommonJS, with decorator metadata). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // TypeORM and type-graphql read decorator metadata: the polyfill loads before any test module.
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
  testTimeout: 120000,
};

/** Browser tests (npm run test:e2e): Debian's Chromium against the hub on a test database. Kept out of
 * `npm test` so the unit and integration suites stay fast. */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/test/e2e"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 180000,
};

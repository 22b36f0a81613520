const { preset } = require("../../jest.preset.cjs");
// jsdom for the control's tests; the *.browser.test.ts files switch to node with a docblock.
module.exports = preset(__dirname, {
  testEnvironment: "jsdom",
  setupFilesAfterEnv: ["<rootDir>/testing/jest-setup.ts"],
  // Fluent's DetailsList and user-event typing are slow in jsdom on a shared 2-core machine.
  testTimeout: 30000,
});

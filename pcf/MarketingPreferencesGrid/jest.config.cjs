const { preset } = require("../../jest.preset.cjs");
// jsdom for the control's tests; the *.browser.test.ts files switch to node with a docblock.
module.exports = preset(__dirname, {
  testEnvironment: "jsdom",
  setupFilesAfterEnv: ["<rootDir>/testing/jest-setup.ts"],
});

const { preset } = require("../jest.preset.cjs");
module.exports = preset(__dirname, { setupFilesAfterEnv: ["<rootDir>/support/jest-setup.ts"] });

const { preset } = require("../jest.preset.cjs");
module.exports = preset(__dirname, { testPathIgnorePatterns: ["/node_modules/", "/dist/", "/out/", "<rootDir>/model/"] });

const { preset } = require("../jest.preset.cjs");
module.exports = preset(__dirname, { testTimeout: 60000 });

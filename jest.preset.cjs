// Shared jest settings for every part. ts-jest runs in transpile-only mode (isolatedModules):
// type errors are the job of `npm run typecheck`, which keeps the test run fast.
const path = require("node:path");

/** @param {string} dir the part's folder  @param {Partial<import('jest').Config>} overrides */
function preset(dir, overrides = {}) {
  return {
    rootDir: dir,
    displayName: path.relative(__dirname, dir) || "root",
    testEnvironment: "node",
    testMatch: ["<rootDir>/**/*.test.ts", "<rootDir>/**/*.test.tsx"],
    testPathIgnorePatterns: ["/node_modules/", "/dist/", "/out/"],
    transform: {
      "^.+\\.tsx?$": ["ts-jest", { tsconfig: path.join(__dirname, "tsconfig.jest.json") }],
    },
    moduleFileExtensions: ["ts", "tsx", "js", "cjs", "mjs", "json"],
    ...overrides,
  };
}

module.exports = { preset };

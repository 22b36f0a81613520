#!/usr/bin/env node
// Runs the TypeScript source through tsx: the service ships as source, so there is no build step to forget.
require("tsx/cjs");
require("../src/cli/entry.ts");

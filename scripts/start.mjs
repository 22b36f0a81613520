#!/usr/bin/env node
// `npm start`: the whole product on this machine, or only the service when MPS_DATAVERSE_URL names a
// real organisation (scripts/local-product.ts). TypeScript runs in this same process through tsx's
// require hook, so Ctrl-C and SIGTERM reach one process that stops everything it started.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
require("tsx/cjs/api").register();
const { main, ConfigError } = require("./local-product.ts");

main().catch((error) => {
  console.error(error instanceof ConfigError || error?.kind ? error.message : error);
  process.exit(1);
});

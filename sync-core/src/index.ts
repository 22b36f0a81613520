// The public surface of sync-core. Other parts import only from here (or from ./pure in a browser).
export * from "./pure";

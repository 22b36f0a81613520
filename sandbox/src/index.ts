// The public surface of the sandbox: starts the Dataverse and Dotdigital stand-ins.
export * from "./common";
export * from "./dataverse";
export * from "./dotdigital";
export * from "./demo";
export * from "./app";
export {};

// The local app: a model-driven app for our part, served from this machine (DESIGN.md §6).
export { buildApp, startApp, type App, type AppHighlight, type AppOptions } from "./server";
export { DEFAULT_ASSET_PATHS, MissingBuildError, type AssetPaths } from "./assets";

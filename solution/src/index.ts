// @mps/solution: the generated solution source and the packer.
export { generateSource, LAYOUT_FOLDERS } from "./generate/source-tree";
export { planPackage, packageFileName, PackageError } from "./pack/plan-package";
export { writePackage } from "./pack/write-package";
export { readPackageSource, MissingBuildError } from "./pack/read-source";
export { readRootVersion, toSolutionVersion } from "./pack/paths";
export type { PackageFile, PackagePlan, PackageSource, WebResourceArtifact } from "./pack/types";
export { gridControlName } from "./definitions/components";

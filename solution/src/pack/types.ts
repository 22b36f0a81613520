/** One built web resource, as webresources/dist/webresources.json lists it. */
export interface WebResourceArtifact {
  /** Dataverse name, e.g. mps_/emailaccount/form.js. */
  readonly name: string;
  readonly displayName: string;
  readonly type: "JavaScript" | "HTML" | "CSS" | "RESX";
  readonly bytes: Uint8Array;
}

/** Everything the packer reads: the unpacked source layout and the two builds it includes. */
export interface PackageSource {
  /** solution/src layout files by relative path (Other/Solution.xml, Entities/…). */
  readonly layout: ReadonlyMap<string, Uint8Array>;
  /** The PCF control's built files by path relative to its out folder (ControlManifest.xml, bundle.js, …). */
  readonly control: ReadonlyMap<string, Uint8Array>;
  readonly webResources: readonly WebResourceArtifact[];
}

export interface PackageFile {
  /** Zip entry path, forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface PackagePlan {
  readonly fileName: string;
  readonly files: readonly PackageFile[];
}

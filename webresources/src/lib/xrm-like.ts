// The slice of Xrm the dialog uses, so tests and the local host can supply their own.
// The real Xrm (window.parent.Xrm inside a web resource dialog) satisfies it structurally.

export type WebApiRow = Record<string, unknown>;

export interface WebApiLike {
  retrieveRecord(entityLogicalName: string, id: string, options?: string): PromiseLike<WebApiRow>;
  retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number): PromiseLike<{ entities: WebApiRow[] }>;
  createRecord(entityLogicalName: string, data: WebApiRow): PromiseLike<{ id: string }>;
  updateRecord(entityLogicalName: string, id: string, data: WebApiRow): PromiseLike<unknown>;
}

export interface XrmLike {
  readonly WebApi: WebApiLike;
  readonly Utility?: { getGlobalContext(): { userSettings: { languageId: number } } };
}

function isXrmLike(value: unknown): value is XrmLike {
  return typeof value === "object" && value !== null && "WebApi" in value && typeof value.WebApi === "object" && value.WebApi !== null;
}

/**
 * The Xrm a web resource page can reach: its own (a local host injects one) or the one of the page that
 * opened it. Microsoft documents `parent.Xrm` for HTML web resources; reading it throws across origins,
 * which means the page was not opened from Dynamics.
 */
export function findHostXrm(win: Window): XrmLike | undefined {
  const own: unknown = (win as Window & { Xrm?: unknown }).Xrm;
  if (isXrmLike(own)) return own;
  try {
    const opener: unknown = (win.parent as Window & { Xrm?: unknown }).Xrm;
    return isXrmLike(opener) ? opener : undefined;
  } catch (_crossOrigin) {
    return undefined;
  }
}

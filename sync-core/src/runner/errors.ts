/** Why a run could not start: the caller (CLI, webhook, scheduler) decides what to tell whom. */
export type RunErrorKind = "not-found" | "config";

export class RunError extends Error {
  override readonly name = "RunError";
  constructor(
    readonly kind: RunErrorKind,
    message: string,
  ) {
    super(message);
  }
}

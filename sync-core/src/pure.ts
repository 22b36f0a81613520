// The browser-safe half of the public surface: pure functions over plain data, no IO, no clock.
// The web resources bundle this entry; the service uses index.ts, which re-exports it.
export { normaliseEmail } from "./domain/email";
export type { EmailResult, NormalisedEmail } from "./domain/email";

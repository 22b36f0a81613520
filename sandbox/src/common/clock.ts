/**
 * The time a stand-in stamps on what it stores. Tests set it (POST /_sandbox/clock) so that
 * change times are predictable; with nothing set it follows the real clock.
 */
export interface TestClock {
  /** The server's current time. */
  now(): Date;
  /** Freezes the clock at `at`; `null` returns to real time. */
  set(at: Date | null): void;
  /** Moves a frozen clock forward (or a real one, by freezing it first). */
  advance(ms: number): void;
  /** True while the clock is frozen at a set time. */
  readonly isSet: boolean;
}

export function createTestClock(realNow: () => Date = () => new Date()): TestClock {
  let fixed: number | null = null;
  return {
    now: () => (fixed === null ? realNow() : new Date(fixed)),
    set(at) {
      fixed = at === null ? null : at.getTime();
    },
    advance(ms) {
      fixed = (fixed ?? realNow().getTime()) + ms;
    },
    get isSet() {
      return fixed !== null;
    },
  };
}

import { systemClock, type Clock } from "../connectors/http/clock";

// The run queue between the triggers (webhook, scheduler, CLI) and the runner (DESIGN.md §2, §7).
// The interface is small on purpose: a BullMQ implementation for several processes can sit behind
// it later, with a Redis lock where this one keeps per-account state in memory.

/** What the queue needs to know about a request; the rest of it is passed through to the run. */
export interface QueuedRunRequest {
  /** A dry run writes its plan to the Sync Run and changes nothing else. */
  readonly dryRun: boolean;
  /** Same for every delivery of one call; deliveries with one key within the dedup window start one run. */
  readonly dedupKey?: string;
}

/**
 * - started: a run began for this request.
 * - waiting: queued behind the account's current run (its follow-up) or for a free slot.
 * - coalesced: folded into a run of the same kind for the same account that has not started yet.
 * - duplicate: a repeat delivery of a request already taken; nothing new will run.
 * - closed: the queue is shutting down and takes nothing new.
 */
export type EnqueueOutcome = "started" | "waiting" | "coalesced" | "duplicate" | "closed";

export interface EnqueueResult {
  /** Whether the request will be (or already was) served; only false once the queue is closed. */
  readonly accepted: boolean;
  /** Whether it was served by a run that another request had already asked for. */
  readonly coalesced: boolean;
  readonly outcome: EnqueueOutcome;
}

/** One run of one Email Account, as handed to the runner. */
export interface RunJob<R extends QueuedRunRequest = QueuedRunRequest> {
  readonly accountId: string;
  readonly dryRun: boolean;
  /** The first request of this run. */
  readonly request: R;
  /** How many later requests were folded into it. */
  readonly coalesced: number;
}

export interface RunQueue<R extends QueuedRunRequest = QueuedRunRequest> {
  /** Takes a request to run the account's sync; answers at once, never waits for the run. */
  enqueue(accountId: string, request: R): Promise<EnqueueResult>;
  /** Resolves when nothing is running or waiting. */
  onIdle(): Promise<void>;
  /**
   * Refuses new requests and resolves when the running jobs have finished, with the accepted jobs
   * this queue will now never run (a persistent queue keeps them and returns none).
   */
  close(): Promise<readonly RunJob<R>[]>;
}

export interface EmbeddedRunQueueOptions<R extends QueuedRunRequest> {
  /** Runs one job. A rejection is reported to onError and never stops the queue. */
  readonly run: (job: RunJob<R>) => Promise<void>;
  /** Email Accounts that may run at the same time (one run per account regardless). Default 4. */
  readonly maxParallel?: number;
  /** How long a dedup key is remembered. Default 10 minutes: longer than Dataverse's 60 s timeout plus its retry. */
  readonly dedupWindowMs?: number;
  /** Upper bound on remembered dedup keys; the oldest are forgotten first. Default 10 000. */
  readonly maxDedupKeys?: number;
  readonly clock?: Clock;
  readonly onError?: (error: unknown, job: RunJob<R>) => void;
}

interface PendingJob<R extends QueuedRunRequest> {
  readonly accountId: string;
  readonly dryRun: boolean;
  readonly request: R;
  coalesced: number;
}

interface AccountState<R extends QueuedRunRequest> {
  running: boolean;
  /**
   * Runs not started yet, at most one per kind (dry / real), in the order their kind was first
   * asked for. A dry run and a real run are never merged: a real run would push changes the caller
   * only wanted to preview, and a dry run would silently skip a sync the caller asked for.
   */
  readonly waiting: PendingJob<R>[];
}

/**
 * The default, in-process RunQueue: one run per Email Account at a time; requests that arrive while
 * the account runs become one follow-up run per kind; up to `maxParallel` accounts run at once, the
 * rest wait in arrival order; repeated deliveries of one request (same dedupKey within the window)
 * start one run.
 *
 * close() waits for running jobs and returns the jobs that had not started, so the caller can log
 * them: schedule rows stay due in Dataverse and are picked up again after a restart.
 */
export class EmbeddedRunQueue<R extends QueuedRunRequest = QueuedRunRequest> implements RunQueue<R> {
  private readonly accounts = new Map<string, AccountState<R>>();
  /** Accounts with a waiting job and no run, in the order they became ready. */
  private readonly ready: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly seen = new Map<string, number>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly maxParallel: number;
  private readonly dedupWindowMs: number;
  private readonly maxDedupKeys: number;
  private readonly clock: Clock;
  private closed = false;

  constructor(private readonly options: EmbeddedRunQueueOptions<R>) {
    this.maxParallel = options.maxParallel ?? 4;
    this.dedupWindowMs = options.dedupWindowMs ?? 10 * 60_000;
    this.maxDedupKeys = options.maxDedupKeys ?? 10_000;
    this.clock = options.clock ?? systemClock;
    if (!Number.isInteger(this.maxParallel) || this.maxParallel < 1) {
      throw new RangeError(`maxParallel is ${this.maxParallel}: set a whole number of at least 1`);
    }
    if (!(this.dedupWindowMs >= 0)) throw new RangeError(`dedupWindowMs is ${this.dedupWindowMs}: set 0 or more milliseconds`);
  }

  enqueue(accountId: string, request: R): Promise<EnqueueResult> {
    return Promise.resolve(this.enqueueNow(accountId, request));
  }

  /** enqueue without the promise: the state has changed by the time this returns. */
  enqueueNow(accountId: string, request: R): EnqueueResult {
    if (this.closed) return { accepted: false, coalesced: false, outcome: "closed" };
    if (this.isDuplicate(accountId, request)) return { accepted: true, coalesced: true, outcome: "duplicate" };

    let state = this.accounts.get(accountId);
    if (state === undefined) {
      state = { running: false, waiting: [] };
      this.accounts.set(accountId, state);
    }
    const sameKind = state.waiting.find((job) => job.dryRun === request.dryRun);
    if (sameKind !== undefined) {
      sameKind.coalesced++;
      return { accepted: true, coalesced: true, outcome: "coalesced" };
    }
    state.waiting.push({ accountId, dryRun: request.dryRun, request, coalesced: 0 });
    if (!state.running && state.waiting.length === 1) this.ready.push(accountId);
    this.pump();
    const started = state.running && !state.waiting.some((job) => job.request === request);
    return { accepted: true, coalesced: false, outcome: started ? "started" : "waiting" };
  }

  onIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new requests, drops the jobs not yet started (returned), and waits for running ones. */
  async close(): Promise<readonly RunJob<R>[]> {
    this.closed = true;
    const dropped: RunJob<R>[] = [];
    for (const state of this.accounts.values()) dropped.push(...state.waiting.splice(0).map((job) => ({ ...job })));
    this.ready.length = 0;
    await Promise.all([...this.inFlight]);
    this.notifyIdle();
    return dropped;
  }

  /** Counts for a health endpoint. */
  stats(): { readonly running: number; readonly waiting: number; readonly closed: boolean } {
    let waiting = 0;
    for (const state of this.accounts.values()) waiting += state.waiting.length;
    return { running: this.inFlight.size, waiting, closed: this.closed };
  }

  private isDuplicate(accountId: string, request: R): boolean {
    if (request.dedupKey === undefined) return false;
    const now = this.clock.now();
    // Keys are inserted in time order, so the expired ones are at the front.
    for (const [key, at] of this.seen) {
      if (now - at < this.dedupWindowMs) break;
      this.seen.delete(key);
    }
    const key = `${accountId}\u0000${request.dedupKey}`;
    if (this.seen.has(key)) return true;
    this.seen.set(key, now);
    if (this.seen.size > this.maxDedupKeys) {
      const oldest = this.seen.keys().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
    return false;
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < this.maxParallel && this.ready.length > 0) {
      const accountId = this.ready.shift() as string;
      const state = this.accounts.get(accountId);
      const pending = state?.waiting.shift();
      if (state === undefined || pending === undefined) continue;
      state.running = true;
      this.start(state, { ...pending });
    }
  }

  private start(state: AccountState<R>, job: RunJob<R>): void {
    // The run starts on a microtask, so a runner that enqueues from inside run() sees settled state.
    const done: Promise<void> = Promise.resolve()
      .then(() => this.options.run(job))
      .catch((error: unknown) => this.report(error, job))
      .finally(() => {
        this.inFlight.delete(done);
        state.running = false;
        if (state.waiting.length > 0) this.ready.push(job.accountId);
        else this.accounts.delete(job.accountId);
        this.pump();
        this.notifyIdle();
      });
    this.inFlight.add(done);
  }

  private report(error: unknown, job: RunJob<R>): void {
    try {
      this.options.onError?.(error, job);
    } catch {
      // A failing error hook must not take the queue down with it; there is nowhere left to report.
    }
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.ready.length === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

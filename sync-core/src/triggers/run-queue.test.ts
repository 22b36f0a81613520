import { createManualClock } from "../connectors/http/clock";
import { EmbeddedRunQueue, type EmbeddedRunQueueOptions, type RunJob } from "./run-queue";

interface Req {
  readonly dryRun: boolean;
  readonly dedupKey?: string;
  readonly by: string;
}

/** A run the test finishes (or fails) when it chooses. */
interface Controlled {
  readonly job: RunJob<Req>;
  finish(): void;
  fail(error: unknown): void;
}

/** Lets every queued microtask run: the queue starts and finishes runs on microtasks only. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function harness(options: Partial<EmbeddedRunQueueOptions<Req>> = {}) {
  const started: Controlled[] = [];
  const errors: { error: unknown; job: RunJob<Req> }[] = [];
  const clock = createManualClock();
  const queue = new EmbeddedRunQueue<Req>({
    clock,
    onError: (error, job) => errors.push({ error, job }),
    run: (job) =>
      new Promise<void>((resolve, reject) => {
        started.push({ job, finish: resolve, fail: reject });
      }),
    ...options,
  });
  const running = () => started.length;
  /** The summary of every run started so far: account, kind, first requester, coalesced count. */
  const runs = () => started.map(({ job }) => `${job.accountId}:${job.dryRun ? "dry" : "real"}:${job.request.by}+${job.coalesced}`);
  const finish = async (i: number) => {
    started[i]?.finish();
    await settle();
  };
  return { queue, started, errors, clock, running, runs, finish };
}

const real = (by: string, dedupKey?: string): Req => (dedupKey === undefined ? { dryRun: false, by } : { dryRun: false, by, dedupKey });
const dry = (by: string, dedupKey?: string): Req => (dedupKey === undefined ? { dryRun: true, by } : { dryRun: true, by, dedupKey });

describe("EmbeddedRunQueue", () => {
  it("starts a run for a request at once", async () => {
    const h = harness();
    expect(await h.queue.enqueue("A", real("alice"))).toEqual({ accepted: true, coalesced: false, outcome: "started" });
    await settle();
    expect(h.runs()).toEqual(["A:real:alice+0"]);
  });

  it("never runs one Email Account twice at once: a request during its run waits for it", async () => {
    const h = harness();
    await h.queue.enqueue("A", real("alice"));
    expect(await h.queue.enqueue("A", real("bob"))).toEqual({ accepted: true, coalesced: false, outcome: "waiting" });
    await settle();
    expect(h.runs()).toEqual(["A:real:alice+0"]);
    await h.finish(0);
    expect(h.runs()).toEqual(["A:real:alice+0", "A:real:bob+0"]);
  });

  it("folds many requests during a run into one follow-up run", async () => {
    const h = harness();
    await h.queue.enqueue("A", real("first"));
    const later = [];
    for (let i = 0; i < 50; i++) later.push(await h.queue.enqueue("A", real(`r${i}`)));
    expect(later[0]?.outcome).toBe("waiting");
    expect(later.slice(1).every((r) => r.accepted && r.coalesced && r.outcome === "coalesced")).toBe(true);
    await h.finish(0);
    await h.finish(1);
    expect(h.runs()).toEqual(["A:real:first+0", "A:real:r0+49"]);
    await h.queue.onIdle();
  });

  it("keeps dry runs and real runs apart: one follow-up of each kind, in the order first asked", async () => {
    const h = harness();
    await h.queue.enqueue("A", real("running"));
    await h.queue.enqueue("A", dry("preview1"));
    await h.queue.enqueue("A", real("sync1"));
    await h.queue.enqueue("A", dry("preview2"));
    await h.queue.enqueue("A", real("sync2"));
    await h.finish(0);
    expect(h.runs()).toEqual(["A:real:running+0", "A:dry:preview1+1"]);
    await h.finish(1);
    expect(h.runs()).toEqual(["A:real:running+0", "A:dry:preview1+1", "A:real:sync1+1"]);
  });

  it("runs other Email Accounts in parallel, up to the limit, the rest in arrival order", async () => {
    const h = harness({ maxParallel: 2 });
    expect((await h.queue.enqueue("A", real("a"))).outcome).toBe("started");
    expect((await h.queue.enqueue("B", real("b"))).outcome).toBe("started");
    expect((await h.queue.enqueue("C", real("c"))).outcome).toBe("waiting");
    expect((await h.queue.enqueue("D", real("d"))).outcome).toBe("waiting");
    await settle();
    expect(h.runs()).toEqual(["A:real:a+0", "B:real:b+0"]);
    expect(h.queue.stats()).toEqual({ running: 2, waiting: 2, closed: false });
    await h.finish(1);
    expect(h.runs()).toEqual(["A:real:a+0", "B:real:b+0", "C:real:c+0"]);
    await h.finish(0);
    expect(h.runs()).toEqual(["A:real:a+0", "B:real:b+0", "C:real:c+0", "D:real:d+0"]);
  });

  it("folds a request into a run still waiting for a slot, since it has not read anything yet", async () => {
    const h = harness({ maxParallel: 1 });
    await h.queue.enqueue("A", real("a"));
    await h.queue.enqueue("B", real("b1"));
    expect(await h.queue.enqueue("B", real("b2"))).toEqual({ accepted: true, coalesced: true, outcome: "coalesced" });
    await h.finish(0);
    expect(h.runs()).toEqual(["A:real:a+0", "B:real:b1+1"]);
  });

  it("gives a follow-up its turn behind accounts already waiting for a slot", async () => {
    const h = harness({ maxParallel: 1 });
    await h.queue.enqueue("A", real("a1"));
    await h.queue.enqueue("B", real("b"));
    await h.queue.enqueue("A", real("a2"));
    await h.finish(0);
    await h.finish(1);
    expect(h.runs()).toEqual(["A:real:a1+0", "B:real:b+0", "A:real:a2+0"]);
  });

  it("starts one run for repeated deliveries of one request within the dedup window", async () => {
    const h = harness({ dedupWindowMs: 60_000 });
    expect((await h.queue.enqueue("A", real("alice", "op-1"))).outcome).toBe("started");
    await h.finish(0);
    h.clock.advance(59_000);
    // Dataverse retried after the run had already finished: still the same request.
    expect(await h.queue.enqueue("A", real("alice", "op-1"))).toEqual({ accepted: true, coalesced: true, outcome: "duplicate" });
    await settle();
    expect(h.runs()).toEqual(["A:real:alice+0"]);
  });

  it("treats the same key as a new request once the dedup window has passed", async () => {
    const h = harness({ dedupWindowMs: 60_000 });
    await h.queue.enqueue("A", real("alice", "op-1"));
    await h.finish(0);
    h.clock.advance(60_000);
    expect((await h.queue.enqueue("A", real("alice", "op-1"))).outcome).toBe("started");
    await settle();
    expect(h.runs()).toHaveLength(2);
  });

  it("does not mistake different operations, or the same operation on another account, for duplicates", async () => {
    const h = harness();
    await h.queue.enqueue("A", real("x", "op-1"));
    await h.queue.enqueue("B", real("x", "op-1"));
    await h.queue.enqueue("A", real("y", "op-2"));
    await settle();
    expect(h.runs()).toEqual(["A:real:x+0", "B:real:x+0"]);
    await h.finish(0);
    expect(h.runs()).toEqual(["A:real:x+0", "B:real:x+0", "A:real:y+0"]);
  });

  it("forgets the oldest dedup keys beyond the limit, so memory stays bounded", async () => {
    const h = harness({ maxDedupKeys: 2, maxParallel: 10 });
    await h.queue.enqueue("A", real("1", "op-1"));
    await h.queue.enqueue("B", real("2", "op-2"));
    await h.queue.enqueue("C", real("3", "op-3"));
    await settle();
    h.started.forEach((s) => s.finish());
    await settle();
    expect((await h.queue.enqueue("A", real("1 again", "op-1"))).outcome).toBe("started");
    expect((await h.queue.enqueue("C", real("3 again", "op-3"))).outcome).toBe("duplicate");
  });

  it("reports a failed run and goes on with the next one", async () => {
    const h = harness();
    await h.queue.enqueue("A", real("doomed"));
    await h.queue.enqueue("A", real("next"));
    await h.queue.enqueue("B", real("other"));
    await settle();
    h.started[0]?.fail(new Error("Dataverse said 500"));
    await settle();
    expect(h.errors.map(({ error, job }) => [String(error), job.accountId, job.request.by])).toEqual([["Error: Dataverse said 500", "A", "doomed"]]);
    expect(h.runs()).toEqual(["A:real:doomed+0", "B:real:other+0", "A:real:next+0"]);
  });

  it("survives a runner that throws before returning a promise, and an error hook that throws", async () => {
    let calls = 0;
    const queue = new EmbeddedRunQueue<Req>({
      run: () => {
        calls++;
        if (calls === 1) throw new Error("synchronous failure");
        return Promise.resolve();
      },
      onError: () => {
        throw new Error("the logger is broken too");
      },
    });
    await queue.enqueue("A", real("1"));
    await queue.enqueue("A", real("2"));
    await queue.onIdle();
    expect(calls).toBe(2);
    expect((await queue.enqueue("A", real("3"))).accepted).toBe(true);
    await queue.onIdle();
    expect(calls).toBe(3);
  });

  it("lets a runner enqueue from inside its run without corrupting the state", async () => {
    const seen: string[] = [];
    const queue: EmbeddedRunQueue<Req> = new EmbeddedRunQueue<Req>({
      run: async (job) => {
        seen.push(job.request.by);
        if (job.request.by === "first") expect((await queue.enqueue("A", real("from inside"))).outcome).toBe("waiting");
      },
    });
    await queue.enqueue("A", real("first"));
    await queue.onIdle();
    expect(seen).toEqual(["first", "from inside"]);
  });

  it("resolves onIdle only when nothing runs or waits", async () => {
    const h = harness();
    await expect(h.queue.onIdle()).resolves.toBeUndefined();
    await h.queue.enqueue("A", real("a"));
    await h.queue.enqueue("A", dry("b"));
    let idle = false;
    void h.queue.onIdle().then(() => (idle = true));
    await h.finish(0);
    expect(idle).toBe(false);
    await h.finish(1);
    expect(idle).toBe(true);
  });

  it("closes gracefully: refuses new requests, waits for running jobs, hands back those not started", async () => {
    const h = harness({ maxParallel: 1 });
    await h.queue.enqueue("A", real("running"));
    await h.queue.enqueue("A", dry("follow-up"));
    await h.queue.enqueue("B", real("waiting for a slot"));
    await settle();
    let closedWith: readonly RunJob<Req>[] | undefined;
    const closing = h.queue.close().then((dropped) => (closedWith = dropped));
    expect(await h.queue.enqueue("C", real("too late"))).toEqual({ accepted: false, coalesced: false, outcome: "closed" });
    await settle();
    expect(closedWith).toBeUndefined();
    await h.finish(0);
    await closing;
    expect(closedWith?.map((j) => `${j.accountId}:${j.request.by}`).sort()).toEqual(["A:follow-up", "B:waiting for a slot"]);
    expect(h.runs()).toEqual(["A:real:running+0"]);
    expect(h.queue.stats()).toEqual({ running: 0, waiting: 0, closed: true });
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses maxParallel %p, naming the setting", (maxParallel) => {
    expect(() => new EmbeddedRunQueue<Req>({ run: () => Promise.resolve(), maxParallel })).toThrow(/maxParallel is .*: set a whole number of at least 1/);
  });
});

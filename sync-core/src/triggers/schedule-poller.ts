import { SyncStatus, SyncType, syncSchedule, lookupValueProperty as lv } from "@mps/model";
import type { DataverseClient } from "../connectors/dataverse/client";
import { isDataverseError } from "../connectors/dataverse/errors";
import type { Clock } from "../connectors/http/clock";

/** A schedule row the poller claimed: the queue runs its account. */
export interface ClaimedSchedule {
  readonly scheduleId: string;
  readonly accountId: string;
}

export interface SchedulePollerOptions {
  readonly client: DataverseClient;
  /** Called for each row this process claimed; it must not throw (enqueue answers at once). */
  readonly onClaimed: (claim: ClaimedSchedule) => Promise<void>;
  readonly clock: Clock;
  /**
   * A claimed row whose run never finished (the process died) is taken again after this long.
   * Longer than any run: a run that is still going keeps its claim.
   */
  readonly staleAfterMs?: number;
  readonly onError?: (error: unknown) => void;
}

interface DueRow {
  readonly "@odata.etag"?: unknown;
  readonly mps_syncscheduleid?: unknown;
  readonly _mps_emailaccountid_value?: unknown;
}

/**
 * Finds due Scheduled Sync Settings and claims each with an ETag check (None → Added to Queue), so
 * two service processes against one organisation never start the same row twice: the second PATCH
 * meets a changed row version and gets 412.
 */
export function createSchedulePoller(options: SchedulePollerOptions): { pollOnce(): Promise<number> } {
  const staleAfterMs = options.staleAfterMs ?? 6 * 3600_000;
  return {
    async pollOnce() {
      const now = options.clock.now();
      const nowIso = new Date(now).toISOString();
      const staleIso = new Date(now - staleAfterMs).toISOString();
      const rows = (await options.client.queryAll(syncSchedule.entitySetName, {
        select: ["mps_syncscheduleid", lv("mps_emailaccountid"), "mps_status"],
        filter: `mps_synctype eq ${SyncType["Marketing preferences"]} and statecode eq 0 and mps_nextsync ne null and mps_nextsync le ${nowIso} and (mps_status eq null or mps_status eq ${SyncStatus.None} or modifiedon lt ${staleIso})`,
        orderBy: ["mps_nextsync asc"],
      })) as DueRow[];
      let claimed = 0;
      for (const row of rows) {
        const etag = row["@odata.etag"];
        const scheduleId = row.mps_syncscheduleid;
        const accountId = row._mps_emailaccountid_value;
        if (typeof etag !== "string" || typeof scheduleId !== "string" || typeof accountId !== "string") continue;
        try {
          await options.client.update(syncSchedule.entitySetName, scheduleId, { mps_status: SyncStatus["Added to Queue"] }, etag);
        } catch (e) {
          if (isDataverseError(e) && e.kind === "conflict") continue; // another process claimed it first
          options.onError?.(e);
          continue;
        }
        claimed++;
        await options.onClaimed({ scheduleId, accountId });
      }
      return claimed;
    },
  };
}

/** Runs `tick` every `intervalMs` (not overlapping itself) until stopped. Timers are injectable. */
export function every(
  intervalMs: number,
  tick: () => Promise<unknown>,
  timers: { setTimeout: (f: () => void, ms: number) => unknown; clearTimeout: (h: unknown) => void } = {
    setTimeout: (f, ms) => setTimeout(f, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  },
): { stop(): Promise<void> } {
  let stopped = false;
  let handle: unknown;
  let running: Promise<unknown> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) handle = timers.setTimeout(loop, intervalMs);
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      timers.clearTimeout(handle);
      await running;
    },
  };
}

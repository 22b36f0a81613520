import { type CallCounter } from "./call-counter";
import { type Clock, type Sleep } from "./clock";
import { backoffDelayMs, isTransientStatus, type RetryPolicy } from "./retry";

export interface HttpRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly url: string;
  /** A label without data in it, e.g. "GET /v2/contacts/{email}": counted and named in errors. */
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The whole body as text; parsing is the caller's job, so bad JSON is the caller's typed error. */
  readonly text: string;
  readonly endpoint: string;
}

/**
 * Who lets a call go out. The Dotdigital budget implements it in-process; a Redis-backed one can
 * implement it later (DESIGN.md §7) without the transport changing.
 */
export interface CallGate {
  /** Resolves when one more call may be sent, and counts that call against the budget. */
  acquire(): Promise<void>;
  /** Holds every call back until then (the server said so). */
  pauseUntil(epochMs: number): void;
  /** Sees every answer, e.g. to read rate-limit headers. */
  observe?(response: HttpResponse): void;
}

/** A wait the server asked for, or undefined when the answer is not a "slow down". */
export type ThrottleCheck = (response: HttpResponse, waitsSoFar: number) => number | undefined;

export interface TransportOptions {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  readonly counter: CallCounter;
  readonly gate?: CallGate;
  readonly throttle?: ThrottleCheck;
  /** Per request; Dotdigital asks clients to allow 121 s before giving up. */
  readonly timeoutMs: number;
}

/** The network failed on every attempt (refused, reset, dropped mid-answer, timed out). */
export class NetworkFailure extends Error {
  override name = "NetworkFailure";
  constructor(
    readonly endpoint: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${endpoint}: no answer after ${attempts} attempts (${describeCause(cause)})`, { cause });
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
  return `${cause.message}${inner}`;
}

export interface Transport {
  /**
   * Sends one request, retrying 5xx answers and network failures with capped, jittered backoff
   * and waiting out rate limits. Returns the last answer whatever its status (the caller gives it
   * meaning); throws NetworkFailure only when no answer ever came.
   *
   * Only idempotent requests should reach it, since a retry may repeat a request the server did
   * carry out before the connection dropped.
   */
  send(request: HttpRequest): Promise<HttpResponse>;
}

export function createTransport(options: TransportOptions): Transport {
  const { clock, sleep, random, retry, counter, gate, throttle } = options;

  async function attempt(request: HttpRequest): Promise<HttpResponse> {
    const init: RequestInit = { method: request.method, signal: AbortSignal.timeout(options.timeoutMs) };
    if (request.headers !== undefined) init.headers = request.headers;
    if (request.body !== undefined) init.body = request.body;
    const response = await options.fetch(request.url, init);
    // Reading the body is part of the attempt: a connection dropped half way through is a
    // network failure like any other.
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, endpoint: request.endpoint };
  }

  return {
    async send(request) {
      let failures = 0;
      let throttleWaits = 0;
      for (;;) {
        if (gate !== undefined) await gate.acquire();
        counter.call(request.endpoint);
        let response: HttpResponse;
        try {
          response = await attempt(request);
        } catch (error) {
          failures += 1;
          if (failures >= retry.maxAttempts) throw new NetworkFailure(request.endpoint, failures, error);
          counter.retry();
          await sleep(backoffDelayMs(failures - 1, retry, random));
          continue;
        }
        gate?.observe?.(response);

        const wait = throttle?.(response, throttleWaits);
        if (wait !== undefined) {
          if (throttleWaits >= retry.maxThrottleWaits) return response;
          throttleWaits += 1;
          counter.throttled();
          const until = clock.now() + Math.min(Math.max(wait, 0), retry.maxThrottleWaitMs);
          // Through the gate, so every other call of this client waits too.
          if (gate !== undefined) gate.pauseUntil(until);
          else await sleep(until - clock.now());
          continue;
        }

        if (isTransientStatus(response.status)) {
          failures += 1;
          if (failures >= retry.maxAttempts) return response;
          counter.retry();
          await sleep(backoffDelayMs(failures - 1, retry, random));
          continue;
        }
        return response;
      }
    },
  };
}

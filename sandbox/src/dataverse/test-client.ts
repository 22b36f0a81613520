// Test helpers: a fetch wrapper that sends the headers every Web API client sends.
import { startDataverseStandIn, type DataverseStandIn } from "./server";

export interface DvCall {
  status: number;
  headers: Headers;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

export function dvClient(dv: DataverseStandIn) {
  return async function call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<DvCall> {
    const response = await fetch(path.startsWith("http") ? path : `${dv.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${dv.accessToken}`,
        accept: "application/json",
        "odata-version": "4.0",
        "odata-maxversion": "4.0",
        ...(options.body !== undefined || options.rawBody !== undefined ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: <T,>() => JSON.parse(text) as T };
  };
}

/** A fresh stand-in (no service protection) and its client for each test of the calling file. */
export function useStandInPerTest(receive: (dv: DataverseStandIn, call: ReturnType<typeof dvClient>) => void): void {
  let dv: DataverseStandIn | undefined;
  beforeEach(async () => {
    dv = await startDataverseStandIn({ serviceProtection: false });
    receive(dv, dvClient(dv));
  });
  afterEach(async () => {
    await dv?.close();
  });
}

import { type AddressInfo } from "node:net";
import { type FastifyInstance } from "fastify";

export interface Listening {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `app` on `port` (0 = any free port) and says where it listens. */
export async function listenOn(app: FastifyInstance, port = 0, host = "127.0.0.1"): Promise<Listening> {
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close: () => (closed ??= app.close()),
  };
}

import { createHash } from "node:crypto";

// Forms, views, roles and controls need GUIDs that stay the same on every generation, so an
// upgrade updates the component instead of adding a second one. They are name-based (UUID v5
// style, SHA-1 over a fixed namespace) rather than random: derived from a readable key.
const NAMESPACE = "6f0c5c3e-4f5e-4c61-9a53-7d1b2c9e0a11";

/** A stable lowercase GUID in braces, e.g. `{2f1c…}`, derived from `key`. */
export function stableGuid(key: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(key).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

/** The same GUID without braces (AppModule WebResourceId and a few other places want it bare). */
export const bareGuid = (key: string): string => stableGuid(key).slice(1, -1);

import fc from "fast-check";
import { normaliseEmail } from "./email";

describe("normaliseEmail", () => {
  it.each([
    ["  Jane.Doe@Example.COM ", "jane.doe@example.com"],
    ["o'brien+news@example.co.uk", "o'brien+news@example.co.uk"],
    ["A+B@EXAMPLE.ORG", "a+b@example.org"],
  ])("keeps %j as %j", (raw, expected) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, email: expected });
  });

  it.each([
    [null, "no email address"],
    ["   ", "no email address"],
    ["no-at-sign.example.com", "no local part or domain"],
    ["two..dots@example.com", "characters not allowed"],
    ["jane@localhost", "invalid domain"],
    ["jane@-bad-.com", "invalid domain"],
  ])("rejects %j with a reason instead of throwing", (raw, reason) => {
    const result = normaliseEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe("normaliseEmail agrees with the regular expressions it replaces", () => {
  // The readable definition; the implementation scans characters instead because it runs per address.
  const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
  const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  const byRegex = (raw: string): boolean => {
    const t = raw.trim();
    const at = t.lastIndexOf("@");
    if (t === "" || t.length > 254 || at <= 0 || at === t.length - 1) return false;
    const local = t.slice(0, at);
    const labels = t.slice(at + 1).split(".");
    return local.length <= 64 && LOCAL.test(local) && labels.length >= 2 && labels.every((l) => LABEL.test(l));
  };
  const chars = fc.constantFrom(..."aZ09.-@+'_ é!\t".split(""));

  it("accepts and refuses exactly the same addresses (10 000 generated)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars, maxLength: 20 }), fc.tuple(fc.string({ unit: chars, maxLength: 70 }), fc.string({ unit: chars, maxLength: 70 })).map(([l, d]) => `${l}@${d}`)), (raw) => {
        expect(normaliseEmail(raw).ok).toBe(byRegex(raw));
      }),
      { numRuns: 10_000 },
    );
  });
});

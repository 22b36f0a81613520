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

import { presentedWebhookKey, verifyWebhookKey, WEBHOOK_KEY_HEADER } from "./webhook-key";

describe("verifyWebhookKey", () => {
  const key = "0123456789abcdef-the-key";
  it.each([
    { name: "the expected key", presented: key, expected: key, want: true },
    { name: "a key differing in the last character", presented: key.slice(0, -1) + "X", expected: key, want: false },
    { name: "a prefix of the key", presented: key.slice(0, 5), expected: key, want: false },
    { name: "a longer key that starts with the expected one", presented: key + "extra", expected: key, want: false },
    { name: "no key", presented: undefined, expected: key, want: false },
    { name: "an empty key", presented: "", expected: key, want: false },
    { name: "an empty key against an unconfigured (empty) expected key", presented: "", expected: "", want: false },
    { name: "a key differing only in case", presented: key.toUpperCase(), expected: key, want: false },
  ])("$name → $want", ({ presented, expected, want }) => {
    expect(verifyWebhookKey(presented, expected)).toBe(want);
  });
});

describe("presentedWebhookKey", () => {
  it("takes the header first, then ?code=", () => {
    expect(presentedWebhookKey({ [WEBHOOK_KEY_HEADER]: "from-header" }, { code: "from-query" })).toBe("from-header");
    expect(presentedWebhookKey({}, { code: "from-query" })).toBe("from-query");
  });

  it("reads header names case-insensitively and honours a configured header", () => {
    expect(presentedWebhookKey({ "X-MPS-Webhook-Key": "k" })).toBe("k");
    expect(presentedWebhookKey({ "x-sync-secret": "k" }, undefined, "X-Sync-Secret")).toBe("k");
  });

  it("treats a repeated value as no key, since it is ambiguous", () => {
    expect(presentedWebhookKey({ [WEBHOOK_KEY_HEADER]: ["a", "b"] })).toBeUndefined();
  });
});

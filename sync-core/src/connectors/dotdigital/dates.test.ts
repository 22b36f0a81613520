import { formatPathDate, parseApiDate } from "./dates";

describe("Dotdigital dates", () => {
  it.each([
    ["2020-01-01 09:40:18.527000+00:00", "2020-01-01T09:40:18.527Z"],
    ["2020-01-01T09:40:18.527Z", "2020-01-01T09:40:18.527Z"],
    ["2020-01-01T09:40:18", "2020-01-01T09:40:18.000Z"],
    ["2020-01-01T10:40:18+01:00", "2020-01-01T09:40:18.000Z"],
    ["2020-01-01", "2020-01-01T00:00:00.000Z"],
  ])("reads %s as %s (no zone means UTC)", (text, iso) => {
    expect(parseApiDate(text)?.toISOString()).toBe(iso);
  });

  it.each(["", "yesterday", "2020-02-31T00:00:00Z", "2020-13-01"])("refuses %j", (text) => {
    expect(parseApiDate(text)).toBeUndefined();
  });

  it("writes path dates in UTC to the second, rounding down so no change is missed", () => {
    expect(formatPathDate(new Date("2024-05-06T07:08:09.999Z"))).toBe("2024-05-06T07:08:09Z");
  });
});

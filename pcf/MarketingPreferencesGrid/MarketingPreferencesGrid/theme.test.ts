import { themeFromDesignLanguage } from "./theme";

describe("themeFromDesignLanguage", () => {
  it("uses Fluent 8's own theme when the host publishes none", () => {
    expect(themeFromDesignLanguage(undefined)).toBeUndefined();
  });

  it("carries the host's brand and neutral colours and dark mode into Fluent 8 slots", () => {
    const theme = themeFromDesignLanguage({
      isDarkTheme: true,
      brand: { 10: "#001", 20: "#002", 30: "#003", 40: "#004", 50: "#005", 60: "#006", 70: "#007", 80: "#008", 90: "#009", 100: "#010", 110: "#011", 120: "#012", 130: "#013", 140: "#014", 150: "#015", 160: "#016" },
      tokenTheme: { colorBrandBackground: "#0f6cbd", colorNeutralBackground1: "#292929", colorNeutralForeground1: "#ffffff" },
    });
    expect(theme?.isInverted).toBe(true);
    expect(theme?.palette?.themePrimary).toBe("#0f6cbd");
    expect(theme?.palette?.themeLighterAlt).toBe("#016");
    expect(theme?.semanticColors?.bodyBackground).toBe("#292929");
    expect(theme?.semanticColors?.bodyText).toBe("#ffffff");
  });
});

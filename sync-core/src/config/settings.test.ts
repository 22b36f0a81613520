import { ConfigError, readDataverseSettings, readInteger, readSecret, secretVariable } from "./settings";

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("settings", () => {
  it("takes a static token when one is set", () => {
    expect(readDataverseSettings({ MPS_DATAVERSE_URL: "http://127.0.0.1:5555", MPS_DATAVERSE_TOKEN: "t" })).toEqual({
      url: "http://127.0.0.1:5555",
      auth: { kind: "token", token: "t" },
    });
  });

  it("names the missing setting when the URL is absent", () => {
    expect(configError(() => readDataverseSettings({})).setting).toBe("MPS_DATAVERSE_URL");
  });

  it("names the one client-credential setting that is missing", () => {
    const e = configError(() => readDataverseSettings({ MPS_DATAVERSE_URL: "https://x.crm.dynamics.com", MPS_DATAVERSE_TENANT_ID: "t", MPS_DATAVERSE_CLIENT_SECRET: "s" }));
    expect(e.setting).toBe("MPS_DATAVERSE_CLIENT_ID");
  });

  it("maps a credential name to its variable and never prints the secret", () => {
    expect(secretVariable("Main account-1")).toBe("MPS_SECRET_MAIN_ACCOUNT_1");
    expect(readSecret({ MPS_SECRET_MAIN: "hunter2" }, "main")).toBe("hunter2");
    const e = configError(() => readSecret({ MPS_SECRET_OTHER: "hunter2" }, "main"));
    expect(e.setting).toBe("MPS_SECRET_MAIN");
    expect(e.message).not.toContain("hunter2");
  });

  it("rejects a number out of range with the allowed range", () => {
    expect(configError(() => readInteger({ MPS_POLL_SECONDS: "0" }, "MPS_POLL_SECONDS", 30, 1, 3600)).message).toContain("from 1 to 3600");
    expect(readInteger({}, "MPS_POLL_SECONDS", 30, 1, 3600)).toBe(30);
  });
});

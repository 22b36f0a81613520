import { ConfigError } from "./settings";
import { DEFAULT_MAX_MEMORY_MB, heapAlreadySized, readMemoryPolicy } from "./memory";

describe("the service's memory policy", () => {
  it("sizes the heap for a 512 MB container when nothing is set", () => {
    const policy = readMemoryPolicy({});
    expect(policy.maxMemoryMb).toBe(DEFAULT_MAX_MEMORY_MB);
    expect(policy.oldSpaceMb).toBeLessThan(512);
    expect(policy.nodeFlags).toContain(`--max-old-space-size=${policy.oldSpaceMb}`);
  });

  it("sizes the heap for the container's own limit when the process has one", () => {
    expect(readMemoryPolicy({}, 2048 * 1048576).maxMemoryMb).toBe(2048);
    // No limit (Node reports 2^64) or an absurdly small one: the 512 MB default.
    expect(readMemoryPolicy({}, 2 ** 64).maxMemoryMb).toBe(DEFAULT_MAX_MEMORY_MB);
    expect(readMemoryPolicy({}, 64 * 1048576).maxMemoryMb).toBe(DEFAULT_MAX_MEMORY_MB);
    // The setting wins over the container.
    expect(readMemoryPolicy({ MPS_MAX_MEMORY_MB: "1024" }, 2048 * 1048576).maxMemoryMb).toBe(1024);
  });

  it("follows MPS_MAX_MEMORY_MB, leaving room outside the heap", () => {
    const policy = readMemoryPolicy({ MPS_MAX_MEMORY_MB: "2048" });
    expect(policy.oldSpaceMb).toBeGreaterThan(1000);
    expect(policy.oldSpaceMb).toBeLessThan(2048);
  });

  it.each(["abc", "100", "1.5", "-512"])("refuses MPS_MAX_MEMORY_MB=%s, naming the setting and the range", (raw) => {
    expect(() => readMemoryPolicy({ MPS_MAX_MEMORY_MB: raw })).toThrow(ConfigError);
    expect(() => readMemoryPolicy({ MPS_MAX_MEMORY_MB: raw })).toThrow(/MPS_MAX_MEMORY_MB is ".*": it must be a whole number from 256/);
  });

  it("leaves a heap alone that an operator already sized", () => {
    expect(heapAlreadySized([], {})).toBe(false);
    expect(heapAlreadySized(["--max-old-space-size=900"], {})).toBe(true);
    expect(heapAlreadySized([], { NODE_OPTIONS: "--enable-source-maps --max_old_space_size=900" })).toBe(true);
    expect(heapAlreadySized(["--enable-source-maps"], { NODE_OPTIONS: "--inspect" })).toBe(false);
  });
});

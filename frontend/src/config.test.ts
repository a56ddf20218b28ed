import { describe, expect, it } from "vitest";
import { DEFAULT_FILE_MAX_BYTES, resolveApiBaseUrl, resolveFileMaxBytes } from "./config";

const page = { protocol: "http:", hostname: "127.0.0.1" };

describe("resolveApiBaseUrl", () => {
  it("uses the runtime value from config.js", () => {
    expect(resolveApiBaseUrl({ apiBaseUrl: "https://api.example.org/" }, page, "")).toBe(
      "https://api.example.org",
    );
  });

  it("falls back to the build-time default", () => {
    expect(resolveApiBaseUrl({ apiBaseUrl: "" }, page, "https://build.example.org")).toBe(
      "https://build.example.org",
    );
  });

  it("otherwise uses the page's protocol and host on port 5000", () => {
    expect(resolveApiBaseUrl({ apiBaseUrl: "" }, page, undefined)).toBe("http://127.0.0.1:5000");
    expect(resolveApiBaseUrl(undefined, { protocol: "http:", hostname: "localhost" }, "")).toBe(
      "http://localhost:5000",
    );
    expect(resolveApiBaseUrl({}, { protocol: "https:", hostname: "klynge.example.dk" }, "  ")).toBe(
      "https://klynge.example.dk:5000",
    );
  });

  it("uses the configured port on the page's own host", () => {
    expect(resolveApiBaseUrl({ apiBaseUrl: "", apiPort: 5100 }, page, "")).toBe("http://127.0.0.1:5100");
    expect(resolveApiBaseUrl({ apiPort: 5100 }, { protocol: "http:", hostname: "localhost" }, "")).toBe(
      "http://localhost:5100",
    );
    // A base URL wins; a port that is no port is not used.
    expect(resolveApiBaseUrl({ apiBaseUrl: "https://api.example.org", apiPort: 5100 }, page, "")).toBe(
      "https://api.example.org",
    );
    expect(resolveApiBaseUrl({ apiPort: 70000 }, page, "")).toBe("http://127.0.0.1:5000");
  });

  it("reads window.__PLATFORM_CONFIG__ by default", () => {
    window.__PLATFORM_CONFIG__ = { apiBaseUrl: "https://runtime.example.org" };
    try {
      expect(resolveApiBaseUrl()).toBe("https://runtime.example.org");
    } finally {
      delete window.__PLATFORM_CONFIG__;
    }
  });
});

describe("resolveFileMaxBytes", () => {
  it("is the API's default of 25 MB unless configured", () => {
    expect(DEFAULT_FILE_MAX_BYTES).toBe(25 * 1024 * 1024);
    expect(resolveFileMaxBytes(undefined)).toBe(DEFAULT_FILE_MAX_BYTES);
    expect(resolveFileMaxBytes({ apiBaseUrl: "" })).toBe(DEFAULT_FILE_MAX_BYTES);
  });

  it("takes a configured positive whole number of bytes", () => {
    expect(resolveFileMaxBytes({ fileMaxBytes: 10 * 1024 * 1024 })).toBe(10 * 1024 * 1024);
  });

  it("ignores a configured value that is no size", () => {
    expect(resolveFileMaxBytes({ fileMaxBytes: 0 })).toBe(DEFAULT_FILE_MAX_BYTES);
    expect(resolveFileMaxBytes({ fileMaxBytes: -1 })).toBe(DEFAULT_FILE_MAX_BYTES);
    expect(resolveFileMaxBytes({ fileMaxBytes: 1.5 })).toBe(DEFAULT_FILE_MAX_BYTES);
    expect(resolveFileMaxBytes({ fileMaxBytes: "25" as unknown as number })).toBe(DEFAULT_FILE_MAX_BYTES);
  });
});

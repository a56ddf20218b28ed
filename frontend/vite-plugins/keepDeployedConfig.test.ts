import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolvedConfig } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { keepDeployedConfig } from "./keepDeployedConfig";

const DEFAULT = 'window.__PLATFORM_CONFIG__ = { apiBaseUrl: "" };\n';
const DEPLOYED = 'window.__PLATFORM_CONFIG__ = { apiBaseUrl: "https://api.klynge.example.dk" };\n';
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A build of a project in a temporary directory: the plugin's hooks around what Vite does. */
function build(deployedBefore: string | null): string {
  const root = mkdtempSync(join(tmpdir(), "keep-config-"));
  roots.push(root);
  mkdirSync(join(root, "public"));
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "public", "config.js"), DEFAULT);
  if (deployedBefore !== null) writeFileSync(join(root, "dist", "config.js"), deployedBefore);
  const plugin = keepDeployedConfig();
  const hooks = plugin as unknown as {
    configResolved: (config: ResolvedConfig) => void;
    buildStart: () => void;
    writeBundle: () => void;
  };
  hooks.configResolved({ root, publicDir: join(root, "public"), build: { outDir: "dist" } } as ResolvedConfig);
  hooks.buildStart();
  // Vite empties dist and copies public/ into it.
  rmSync(join(root, "dist"), { recursive: true });
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", "config.js"), DEFAULT);
  hooks.writeBundle();
  return readFileSync(join(root, "dist", "config.js"), "utf8");
}

describe("keepDeployedConfig", () => {
  it("puts a deployment's config.js back after the build", () => {
    expect(build(DEPLOYED)).toBe(DEPLOYED);
  });

  it("leaves the default where there was none, or only the default", () => {
    expect(build(null)).toBe(DEFAULT);
    expect(build(DEFAULT)).toBe(DEFAULT);
  });
});

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Plugin } from "vite";

/**
 * A deployment's `config.js` survives a new build. A build empties the output directory and
 * copies `public/config.js` (the default) into it; a `config.js` found there before that
 * differs from the default was written for a deployment (the API's address, its upload limit)
 * and is put back after the build.
 */
export function keepDeployedConfig(file = "config.js"): Plugin {
  let deployedPath = "";
  let defaultPath = "";
  let deployed: string | null = null;
  return {
    name: "keep-deployed-config",
    apply: "build",
    configResolved(config) {
      deployedPath = resolve(config.root, config.build.outDir, file);
      defaultPath = resolve(config.root, config.publicDir, file);
    },
    buildStart() {
      deployed = existsSync(deployedPath) ? readFileSync(deployedPath, "utf8") : null;
      if (deployed !== null && existsSync(defaultPath) && readFileSync(defaultPath, "utf8") === deployed) {
        deployed = null;
      }
    },
    writeBundle() {
      if (deployed !== null) writeFileSync(deployedPath, deployed);
    },
  };
}

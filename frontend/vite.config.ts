import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { keepDeployedConfig } from "./vite-plugins/keepDeployedConfig.ts";

export default defineConfig({
  plugins: [react(), keepDeployedConfig()],
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  // The manifest tells `make bench` which files each route loads (bench/frontend.py).
  build: { target: "es2022", sourcemap: false, manifest: true },
});

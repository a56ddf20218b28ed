/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time default for the API base URL (runtime config.js wins when it is set). */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

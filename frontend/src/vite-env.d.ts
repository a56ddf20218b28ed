/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time default for the API base URL (runtime config.js wins when it is set). */
  readonly VITE_API_BASE_URL?: string;
  /** Tests only: days to move the clock ahead (see src/test/setup.ts). */
  readonly TEST_CLOCK_SHIFT_DAYS?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

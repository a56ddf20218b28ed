/**
 * Runtime configuration. `public/config.js` (loaded by index.html before the bundle, and
 * replaced by deployments) sets `window.__PLATFORM_CONFIG__`. A build-time
 * `VITE_API_BASE_URL` gives the default when the runtime value is empty.
 */

export interface PlatformConfig {
  /** The API's origin, e.g. "https://api.example.org". Empty: the page's host on `apiPort`. */
  apiBaseUrl?: string;
  /** The API's port on the page's own host, when `apiBaseUrl` is empty; else 5000. */
  apiPort?: number;
  /** The largest file the API takes (its FILE_MAX_BYTES), in bytes. Empty: 25 MB. */
  fileMaxBytes?: number;
}

declare global {
  interface Window {
    __PLATFORM_CONFIG__?: PlatformConfig;
  }
}

/** The API's own default upload limit (FILE_MAX_BYTES): 25 MB. */
export const DEFAULT_FILE_MAX_BYTES = 25 * 1024 * 1024;

/** The port the API listens on when neither a base URL nor a port is configured. */
export const DEFAULT_API_PORT = 5000;

interface PageLocation {
  protocol: string;
  hostname: string;
}

function clean(value: string | undefined | null): string {
  return (value ?? "").trim().replace(/\/+$/, "");
}

/**
 * The API base URL: the runtime value, else the build-time default, else the page's own
 * protocol and host name on the configured port (`make run API_PORT=…` writes it), or 5000.
 * The host name is kept as it is (127.0.0.1 or localhost) because the refresh cookie is
 * SameSite=Strict.
 */
export function resolveApiBaseUrl(
  config: PlatformConfig | undefined = window.__PLATFORM_CONFIG__,
  location: PageLocation = window.location,
  buildDefault: string | undefined = import.meta.env.VITE_API_BASE_URL,
): string {
  const configured = clean(config?.apiBaseUrl);
  if (configured) return configured;
  const fromBuild = clean(buildDefault);
  if (fromBuild) return fromBuild;
  const port = config?.apiPort;
  const apiPort = typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_API_PORT;
  return `${location.protocol}//${location.hostname}:${String(apiPort)}`;
}

/**
 * The largest file the app lets a person upload: the configured value when it is a positive
 * whole number, else the API's default. The API checks again (413); this spares a long upload
 * that would be refused at the end.
 */
export function resolveFileMaxBytes(config: PlatformConfig | undefined = window.__PLATFORM_CONFIG__): number {
  const configured = config?.fileMaxBytes;
  return typeof configured === "number" && Number.isSafeInteger(configured) && configured > 0
    ? configured
    : DEFAULT_FILE_MAX_BYTES;
}

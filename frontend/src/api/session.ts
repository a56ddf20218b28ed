/**
 * The browser session: the access token lives here, in memory only. The refresh token is an
 * HttpOnly cookie that JavaScript never sees; nothing is written to any storage.
 *
 * Refresh tokens are single-use and reusing one revokes the whole session, so every refresh
 * goes through one shared in-flight promise (and, where the browser has Web Locks, one lock
 * shared by all tabs, whose cookie jar is shared too).
 */
import type { Client } from "openapi-fetch";
import { ApiError, NetworkError, unwrap } from "./errors";
import type { paths, TokenPair } from "./types";

/** Why the person is signed out: shown as a notice on the login page. */
export type SessionEndReason = "expired" | "logged-out" | "unreachable";

export type SessionSnapshot =
  | { readonly status: "initialising" }
  | { readonly status: "authenticated" }
  | { readonly status: "anonymous"; readonly reason: SessionEndReason | null };

/**
 * Nothing of one person's data outlives their session: the cache is emptied when a session
 * ends. A page load that finds no session (initialising, then anonymous) held nobody's data, and
 * a public page's answer (a survey link's form) fetched meanwhile is kept, not lost mid-flight.
 */
export function endsSession(previous: SessionSnapshot["status"], next: SessionSnapshot["status"]): boolean {
  return previous === "authenticated" && next !== "authenticated";
}

type Locks = Pick<LockManager, "request">;

export interface SessionOptions {
  /** Refresh this many seconds before the access token runs out (default 60). */
  refreshMarginSeconds?: number;
  /** Wait this long before trying again after a background refresh could not reach the API. */
  retryDelayMs?: number;
  /** Cross-tab lock for refreshes; defaults to navigator.locks where it exists. */
  locks?: Locks | null;
}

const REFRESH_LOCK = "cluster-platform-refresh";

function defaultLocks(): Locks | null {
  return typeof navigator !== "undefined" && "locks" in navigator ? navigator.locks : null;
}

export class Session {
  readonly #auth: Client<paths>;
  readonly #marginSeconds: number;
  readonly #retryDelayMs: number;
  readonly #locks: Locks | null;
  readonly #listeners = new Set<() => void>();
  #token: string | null = null;
  #snapshot: SessionSnapshot = { status: "initialising" };
  #refreshing: Promise<boolean> | null = null;
  #starting: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `auth` must send credentials (the refresh cookie) and must not carry the auth middleware. */
  constructor(auth: Client<paths>, options: SessionOptions = {}) {
    this.#auth = auth;
    this.#marginSeconds = options.refreshMarginSeconds ?? 60;
    this.#retryDelayMs = options.retryDelayMs ?? 30_000;
    this.#locks = options.locks === undefined ? defaultLocks() : options.locks;
  }

  /** The current access token, or null when signed out. */
  get accessToken(): string | null {
    return this.#token;
  }

  /** For useSyncExternalStore: a stable snapshot that changes only when the state does. */
  readonly getSnapshot = (): SessionSnapshot => this.#snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /** On app start: a silent refresh from the cookie keeps the session across page loads. */
  start(): Promise<void> {
    this.#starting ??= this.refresh().then(
      (ok) => {
        if (!ok) this.#setAnonymous(null);
      },
      (error: unknown) => {
        this.#setAnonymous(error instanceof NetworkError ? "unreachable" : null);
      },
    );
    return this.#starting;
  }

  /** Log in; throws ApiError (401, 422, 429, ...) or NetworkError. */
  async login(email: string, password: string): Promise<void> {
    const tokens = await unwrap(
      this.#auth.POST("/api/v1/auth/login", { body: { email, password, use_cookie: true } }),
    );
    this.#accept(tokens);
  }

  /** Log out at the API (best effort) and forget the session here. */
  async logout(): Promise<void> {
    // A refresh still under way would otherwise set a fresh cookie after the logout.
    await this.#refreshing?.catch(() => undefined);
    const token = this.#token;
    this.#clearTimer();
    try {
      await this.#auth.POST("/api/v1/auth/logout", {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
    } catch {
      // Unreachable API: the session still ends in this browser.
    }
    this.#end("logged-out");
  }

  /**
   * Exchange the refresh cookie for a new token pair. Concurrent callers share one request.
   * Resolves true with a new token, false when the session has ended (401/403); throws
   * NetworkError or ApiError when the outcome is unknown (the session is kept).
   */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#withLock(() => this.#doRefresh()).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /**
   * A call made with `usedToken` was answered 401. True when a newer token is now available
   * (from a refresh made for this call or for another one), false when the session has ended.
   */
  async recoverFromUnauthorized(usedToken: string): Promise<boolean> {
    if (this.#token === null || this.#snapshot.status !== "authenticated") return false;
    if (this.#token !== usedToken) return true;
    return this.refresh();
  }

  /** Stop the background refresh timer (tests, teardown). */
  dispose(): void {
    this.#clearTimer();
  }

  async #doRefresh(): Promise<boolean> {
    let tokens: TokenPair;
    try {
      tokens = await unwrap(this.#auth.POST("/api/v1/auth/refresh", { body: {} }));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        if (this.#snapshot.status === "authenticated") this.#end("expired");
        else this.#setAnonymous(null);
        return false;
      }
      throw error;
    }
    this.#accept(tokens);
    return true;
  }

  #withLock<T>(task: () => Promise<T>): Promise<T> {
    if (!this.#locks) return task();
    // The lock resolves with the task's promise; then() flattens it.
    return this.#locks.request(REFRESH_LOCK, task).then((result) => result);
  }

  #accept(tokens: TokenPair): void {
    this.#token = tokens.access_token;
    this.#schedule(tokens.expires_in);
    this.#set({ status: "authenticated" });
  }

  #schedule(expiresInSeconds: number): void {
    this.#clearTimer();
    const margin = this.#marginSeconds;
    const seconds =
      expiresInSeconds > 2 * margin ? expiresInSeconds - margin : expiresInSeconds / 2;
    this.#timer = setTimeout(() => {
      void this.#refreshInBackground();
    }, seconds * 1000);
  }

  async #refreshInBackground(): Promise<void> {
    this.#timer = undefined;
    try {
      await this.refresh();
    } catch {
      // The API could not be reached: try again shortly; a 401 on a call also refreshes.
      if (this.#snapshot.status === "authenticated") {
        this.#clearTimer();
        this.#timer = setTimeout(() => {
          void this.#refreshInBackground();
        }, this.#retryDelayMs);
      }
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #end(reason: SessionEndReason): void {
    this.#token = null;
    this.#clearTimer();
    this.#setAnonymous(reason);
  }

  #setAnonymous(reason: SessionEndReason | null): void {
    this.#token = null;
    this.#set({ status: "anonymous", reason });
  }

  #set(next: SessionSnapshot): void {
    const current = this.#snapshot;
    const same =
      current.status === next.status &&
      (current.status !== "anonymous" ||
        (next.status === "anonymous" && current.reason === next.reason));
    if (same) return;
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener();
  }
}

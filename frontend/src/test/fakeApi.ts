/**
 * A small in-memory stand-in for the API, reached only through fetch (the network boundary).
 * It keeps the browser's side too: the HttpOnly refresh cookie, sent only with
 * `credentials: "include"`. Refresh tokens are single-use and reuse revokes the session, as in
 * the real API.
 */
import type { Me, Organisation, TokenPair, User } from "../api/types";

export const API_BASE = "http://api.test";
const PREFIX = "urn:cluster-platform:problem:";

export interface FakeAccount {
  id: string;
  email: string;
  password: string;
  name: string;
  is_platform_admin?: boolean;
  is_active?: boolean;
  organisations?: Organisation[];
  last_login_at?: string | null;
  clusters?: Me["clusters"];
}

export interface RecordedCall {
  method: string;
  path: string;
  search: string;
  authorization: string | null;
  /** The media type asked for (a list as JSON, or as a spreadsheet). */
  accept: string | null;
  credentials: RequestCredentials;
  cache: RequestCache;
  body: unknown;
}

type Handler = (request: Request) => Response | Promise<Response>;

export const karen: FakeAccount = {
  id: "5b0c6e6e-8c1a-4d43-9d7e-000000000001",
  email: "koordinator@demo.dk",
  password: "demo-password",
  name: "Karen Koordinator",
  last_login_at: "2026-11-23T13:05:00Z",
  organisations: [
    {
      id: "0b6f6a6e-0000-4000-8000-000000000001",
      code: "midtkraft",
      name: "MidtKraft",
      kind: "regional_unit",
      region_code: "midtjylland",
      created_at: "2026-01-05T09:00:00Z",
      updated_at: "2026-01-05T09:00:00Z",
    },
  ],
};

export const anne: FakeAccount = {
  id: "5b0c6e6e-8c1a-4d43-9d7e-000000000002",
  email: "admin@demo.dk",
  password: "demo-password",
  name: "Anne Admin",
  is_platform_admin: true,
  last_login_at: null,
};

export function problemResponse(
  status: number,
  kind: string,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  const requestId = `req-${String(status)}-${kind}`;
  return new Response(
    JSON.stringify({ type: PREFIX + kind, title, status, detail, request_id: requestId }),
    {
      status,
      headers: {
        "Content-Type": "application/problem+json",
        "X-Request-ID": requestId,
        ...headers,
      },
    },
  );
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const unauthenticated = () =>
  problemResponse(401, "unauthenticated", "Unauthorized", "A valid access token is required.");

/** A promise with its resolve function, to hold a request until a test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export class FakeApi {
  readonly accounts: FakeAccount[];
  readonly calls: RecordedCall[] = [];
  /** The browser's refresh cookie (HttpOnly: only the fake server reads it). */
  cookie: string | null = null;
  expiresIn = 900;
  /** Extra users listed by GET /users after the accounts (for pagination). */
  extraUsers: User[] = [];
  #access = new Map<string, FakeAccount>();
  #refresh = new Map<string, FakeAccount>();
  #spent = new Set<string>();
  #counter = 0;
  #overrides = new Map<string, Handler>();
  #holds = new Map<string, Promise<void>>();

  constructor(accounts: FakeAccount[] = [karen, anne]) {
    this.accounts = accounts;
  }

  /** The browser already holds a valid refresh cookie for this person (a page reload). */
  withSessionOf(account: FakeAccount): this {
    this.cookie = this.#issueRefresh(account);
    return this;
  }

  /** Every access token stops working (as when 15 minutes have passed). */
  expireAccessTokens(): void {
    this.#access.clear();
  }

  /** The session is gone server-side: access and refresh tokens both stop working. */
  revokeSessions(): void {
    this.#access.clear();
    this.#refresh.clear();
  }

  /** Answer `METHOD /path` with this handler instead of the fake's own logic. */
  on(route: string, handler: Handler): this {
    this.#overrides.set(route, handler);
    return this;
  }

  /** Back to the fake's own logic for `METHOD /path`. */
  off(route: string): this {
    this.#overrides.delete(route);
    return this;
  }

  /** Hold requests to `METHOD /path` until the returned function is called. */
  hold(route: string): () => void {
    const { promise, open } = gate();
    this.#holds.set(route, promise);
    return () => {
      this.#holds.delete(route);
      open();
    };
  }

  count(route: string): number {
    return this.calls.filter((call) => `${call.method} ${call.path}` === route).length;
  }

  callsTo(route: string): RecordedCall[] {
    return this.calls.filter((call) => `${call.method} ${call.path}` === route);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === "GET" ? "" : await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const route = `${request.method} ${url.pathname}`;
    this.calls.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      authorization: request.headers.get("Authorization"),
      accept: request.headers.get("Accept"),
      credentials: request.credentials,
      cache: request.cache,
      body,
    });
    const held = this.#holds.get(route);
    if (held) await held;
    const override = this.#overrides.get(route);
    if (override) return override(request);
    return this.#route(route, request, url, body);
  };

  #route(route: string, request: Request, url: URL, body: unknown): Response {
    const sendsCookie = request.credentials === "include";
    switch (route) {
      case "POST /api/v1/auth/login":
        return this.#login(body, sendsCookie);
      case "POST /api/v1/auth/refresh":
        return this.#refreshTokens(sendsCookie);
      case "POST /api/v1/auth/logout":
        return this.#logout(request, sendsCookie);
      case "GET /api/v1/me": {
        const account = this.#bearer(request);
        return account ? json(this.#me(account)) : unauthenticated();
      }
      case "GET /api/v1/me/meetings": {
        // Invited to nothing unless a test answers this route itself.
        return this.#bearer(request) ? json({ items: [], next_cursor: null }) : unauthenticated();
      }
      case "GET /api/v1/users": {
        const account = this.#bearer(request);
        if (!account) return unauthenticated();
        if (!account.is_platform_admin) {
          return problemResponse(403, "forbidden", "Forbidden", "You are not allowed to do this.");
        }
        return this.#users(url);
      }
      default:
        return problemResponse(404, "not-found", "Not Found", "The resource was not found.");
    }
  }

  #login(body: unknown, sendsCookie: boolean): Response {
    const { email, password, use_cookie } = (body ?? {}) as Record<string, unknown>;
    const account = this.accounts.find((a) => a.email === email && a.password === password);
    if (!account || account.is_active === false) {
      return problemResponse(401, "unauthenticated", "Unauthorized", "Wrong e-mail or password.");
    }
    return this.#tokens(account, use_cookie === true && sendsCookie);
  }

  #refreshTokens(sendsCookie: boolean): Response {
    const token = sendsCookie ? this.cookie : null;
    if (!token) return problemResponse(401, "unauthenticated", "Unauthorized", "A refresh token is required.");
    if (this.#spent.has(token)) {
      // Reuse of a spent token: the whole session ends.
      this.revokeSessions();
      return problemResponse(401, "unauthenticated", "Unauthorized", "The refresh token was already used.");
    }
    const account = this.#refresh.get(token);
    if (!account) return problemResponse(401, "unauthenticated", "Unauthorized", "The session has ended.");
    this.#refresh.delete(token);
    this.#spent.add(token);
    return this.#tokens(account, true);
  }

  #logout(request: Request, sendsCookie: boolean): Response {
    const header = request.headers.get("Authorization");
    const cookie = sendsCookie ? this.cookie : null;
    if (!header && !cookie) return unauthenticated();
    this.revokeSessions();
    if (sendsCookie) this.cookie = null;
    return new Response(null, { status: 204 });
  }

  #tokens(account: FakeAccount, cookie: boolean): Response {
    this.#counter += 1;
    const access = `access-${String(this.#counter)}`;
    this.#access.set(access, account);
    const refresh = this.#issueRefresh(account);
    if (cookie) this.cookie = refresh;
    const pair: TokenPair = {
      access_token: access,
      token_type: "Bearer",
      expires_in: this.expiresIn,
      refresh_token: cookie ? null : refresh,
    };
    return json(pair);
  }

  #issueRefresh(account: FakeAccount): string {
    this.#counter += 1;
    const token = `refresh-${String(this.#counter)}`;
    this.#refresh.set(token, account);
    return token;
  }

  #bearer(request: Request): FakeAccount | null {
    const header = request.headers.get("Authorization") ?? "";
    if (!header.startsWith("Bearer ")) return null;
    return this.#access.get(header.slice("Bearer ".length)) ?? null;
  }

  #me(account: FakeAccount): Me {
    return {
      id: account.id,
      email: account.email,
      name: account.name,
      is_platform_admin: account.is_platform_admin ?? false,
      is_active: account.is_active ?? true,
      activated: true,
      organisations: account.organisations ?? [],
      last_login_at: account.last_login_at ?? null,
      clusters: account.clusters ?? [],
      created_at: "2026-01-05T09:00:00Z",
      updated_at: "2026-11-23T13:05:00Z",
    };
  }

  #users(url: URL): Response {
    const q = url.searchParams.get("q")?.toLowerCase();
    const all: User[] = [...this.accounts.map((account) => this.#me(account)), ...this.extraUsers].filter(
      (user) => !q || user.name.toLowerCase().includes(q) || user.email.includes(q),
    );
    const limit = Number(url.searchParams.get("limit") ?? "50");
    const start = Number(url.searchParams.get("cursor") ?? "0");
    const items = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : null;
    return json({ items, next_cursor: next });
  }
}

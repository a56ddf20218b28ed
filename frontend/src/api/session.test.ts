import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { anne, FakeApi, karen, problemResponse } from "../test/fakeApi";
import { createTestApi } from "../test/renderApp";
import { ApiError, NetworkError, unwrap } from "./errors";
import { endsSession } from "./session";

async function loggedIn(fake = new FakeApi()) {
  const api = createTestApi(fake);
  await api.session.login(karen.email, karen.password);
  return { api, fake };
}

describe("login", () => {
  it("asks for the refresh cookie and keeps the access token in memory", async () => {
    const { api, fake } = await loggedIn();

    const [login] = fake.callsTo("POST /api/v1/auth/login");
    expect(login?.credentials).toBe("include");
    expect(login?.body).toEqual({ email: karen.email, password: karen.password, use_cookie: true });
    expect(fake.cookie).not.toBeNull();
    expect(api.session.getSnapshot()).toEqual({ status: "authenticated" });
    expect(api.session.accessToken).toMatch(/^access-/);
  });

  it("sends the bearer token on calls", async () => {
    const { api, fake } = await loggedIn();
    const me = await unwrap(api.client.GET("/api/v1/me"));
    expect(me.name).toBe(karen.name);
    const [call] = fake.callsTo("GET /api/v1/me");
    expect(call?.authorization).toBe(`Bearer ${api.session.accessToken ?? ""}`);
    expect(call?.cache).toBe("no-store");
  });

  it("throws ApiError on wrong credentials and stays signed out", async () => {
    const api = createTestApi(new FakeApi());
    const error: unknown = await api.session.login(karen.email, "wrong").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(api.session.accessToken).toBeNull();
  });

  it("throws NetworkError when the API cannot be reached", async () => {
    const api = createTestApi(new FakeApi());
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    await expect(api.session.login(karen.email, karen.password)).rejects.toBeInstanceOf(NetworkError);
  });
});

describe("start (silent refresh on page load)", () => {
  it("restores the session from the cookie", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const api = createTestApi(fake);
    await api.session.start();
    expect(api.session.getSnapshot()).toEqual({ status: "authenticated" });
    expect(fake.callsTo("POST /api/v1/auth/refresh")[0]?.credentials).toBe("include");
  });

  it("is signed out, without a notice, when there is no cookie", async () => {
    const api = createTestApi(new FakeApi());
    await api.session.start();
    expect(api.session.getSnapshot()).toEqual({ status: "anonymous", reason: null });
  });

  it("refreshes once even when started twice (React StrictMode)", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const api = createTestApi(fake);
    await Promise.all([api.session.start(), api.session.start()]);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
  });

  it("says so when the API cannot be reached", async () => {
    const api = createTestApi(new FakeApi());
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    await api.session.start();
    expect(api.session.getSnapshot()).toEqual({ status: "anonymous", reason: "unreachable" });
  });
});

describe("refresh on 401", () => {
  it("refreshes once for two concurrent 401s and retries both calls", async () => {
    const { api, fake } = await loggedIn();
    const oldToken = api.session.accessToken;
    fake.expireAccessTokens();
    const release = fake.hold("POST /api/v1/auth/refresh");

    const first = unwrap(api.client.GET("/api/v1/me"));
    const second = unwrap(api.client.GET("/api/v1/me"));
    await vi.waitFor(() => {
      expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
    });
    release();

    const [a, b] = await Promise.all([first, second]);
    expect(a.email).toBe(karen.email);
    expect(b.email).toBe(karen.email);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
    const meCalls = fake.callsTo("GET /api/v1/me");
    expect(meCalls).toHaveLength(4);
    const newToken = api.session.accessToken;
    expect(newToken).not.toBe(oldToken);
    expect(meCalls.slice(2).map((call) => call.authorization)).toEqual([
      `Bearer ${newToken ?? ""}`,
      `Bearer ${newToken ?? ""}`,
    ]);
    expect(api.session.getSnapshot()).toEqual({ status: "authenticated" });
  });

  it("does not refresh again for a 401 that arrives after the refresh finished", async () => {
    const { api, fake } = await loggedIn();
    fake.expireAccessTokens();
    const releaseSlowCall = fake.hold("GET /api/v1/me");
    const slow = unwrap(api.client.GET("/api/v1/me"));
    await vi.waitFor(() => {
      expect(fake.count("GET /api/v1/me")).toBe(1);
    });

    // Meanwhile another call refreshes the session.
    fake.on("GET /api/v1/users", () => problemResponse(401, "unauthenticated", "Unauthorized", "Expired."));
    await unwrap(api.client.GET("/api/v1/users")).catch(() => undefined);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);

    releaseSlowCall();
    await expect(slow).resolves.toMatchObject({ email: karen.email });
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
  });

  it("retries only once", async () => {
    const { api, fake } = await loggedIn();
    fake.on("GET /api/v1/me", () => problemResponse(401, "unauthenticated", "Unauthorized", "No."));
    const error: unknown = await unwrap(api.client.GET("/api/v1/me")).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(401);
    expect(fake.count("GET /api/v1/me")).toBe(2);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
  });

  it("ends the session when the refresh fails", async () => {
    const { api, fake } = await loggedIn();
    const listener = vi.fn();
    api.session.subscribe(listener);
    fake.revokeSessions();

    const error: unknown = await unwrap(api.client.GET("/api/v1/me")).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
    expect(fake.count("GET /api/v1/me")).toBe(1);
    expect(api.session.accessToken).toBeNull();
    expect(api.session.getSnapshot()).toEqual({ status: "anonymous", reason: "expired" });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("keeps the session when the refresh cannot reach the API", async () => {
    const { api, fake } = await loggedIn();
    fake.expireAccessTokens();
    fake.on("POST /api/v1/auth/refresh", () => Promise.reject(new TypeError("Failed to fetch")));
    await expect(unwrap(api.client.GET("/api/v1/me"))).rejects.toBeInstanceOf(NetworkError);
    expect(api.session.getSnapshot()).toEqual({ status: "authenticated" });
  });

  it("does not refresh for calls made without a session", async () => {
    const fake = new FakeApi();
    const api = createTestApi(fake);
    await expect(unwrap(api.client.GET("/api/v1/me"))).rejects.toBeInstanceOf(ApiError);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(0);
    expect(fake.callsTo("GET /api/v1/me")[0]?.authorization).toBeNull();
  });
});

describe("proactive refresh", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refreshes a minute before the access token runs out", async () => {
    const { api, fake } = await loggedIn();
    const first = api.session.accessToken;

    await vi.advanceTimersByTimeAsync(839_000);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => {
      expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
    });
    await vi.waitFor(() => {
      expect(api.session.accessToken).not.toBe(first);
    });

    // And again for the new token.
    await vi.advanceTimersByTimeAsync(840_000);
    await vi.waitFor(() => {
      expect(fake.count("POST /api/v1/auth/refresh")).toBe(2);
    });
  });

  it("halves short lifetimes", async () => {
    const fake = new FakeApi();
    fake.expiresIn = 60;
    const { fake: same } = await loggedIn(fake);
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => {
      expect(same.count("POST /api/v1/auth/refresh")).toBe(1);
    });
  });

  it("ends the session when the background refresh is refused", async () => {
    const { api, fake } = await loggedIn();
    fake.revokeSessions();
    await vi.advanceTimersByTimeAsync(840_000);
    await vi.waitFor(() => {
      expect(api.session.getSnapshot()).toEqual({ status: "anonymous", reason: "expired" });
    });
  });

  it("stops after logout", async () => {
    const { api, fake } = await loggedIn();
    await api.session.logout();
    await vi.advanceTimersByTimeAsync(900_000);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(0);
  });
});

describe("logout", () => {
  it("ends the session at the API and here", async () => {
    const { api, fake } = await loggedIn();
    const token = api.session.accessToken;
    await api.session.logout();

    const [call] = fake.callsTo("POST /api/v1/auth/logout");
    expect(call?.authorization).toBe(`Bearer ${token ?? ""}`);
    expect(call?.credentials).toBe("include");
    expect(fake.cookie).toBeNull();
    expect(api.session.accessToken).toBeNull();
    expect(api.session.getSnapshot()).toEqual({ status: "anonymous", reason: "logged-out" });
  });

  it("ends the session here even when the API cannot be reached", async () => {
    const { api } = await loggedIn();
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    await api.session.logout();
    expect(api.session.getSnapshot()).toEqual({ status: "anonymous", reason: "logged-out" });
  });
});

describe("browser storage", () => {
  it("is never used: not by login, refresh, calls or logout", async () => {
    const spies = (["setItem", "getItem", "removeItem", "clear", "key"] as const).map((method) =>
      vi.spyOn(Storage.prototype, method),
    );
    const cookieWrites = vi.spyOn(document, "cookie", "set");

    const fake = new FakeApi().withSessionOf(anne);
    const api = createTestApi(fake);
    await api.session.start();
    await unwrap(api.client.GET("/api/v1/me"));
    fake.expireAccessTokens();
    await unwrap(api.client.GET("/api/v1/users"));
    await api.session.logout();
    await api.session.login(karen.email, karen.password);

    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(cookieWrites).not.toHaveBeenCalled();
    expect(localStorage).toHaveLength(0);
    expect(sessionStorage).toHaveLength(0);
    expect(document.cookie).toBe("");
  });
});

describe("when the query cache is emptied", () => {
  it("is when a session ends, not when a page load finds none", () => {
    expect(endsSession("authenticated", "anonymous")).toBe(true);
    expect(endsSession("authenticated", "initialising")).toBe(true);
    // A public page (a survey's answer link) fetched while the session was looked for keeps its answer.
    expect(endsSession("initialising", "anonymous")).toBe(false);
    expect(endsSession("initialising", "authenticated")).toBe(false);
    expect(endsSession("anonymous", "authenticated")).toBe(false);
  });
});

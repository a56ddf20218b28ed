import createClient, { type Client, type Middleware } from "openapi-fetch";
import { Session, type SessionOptions } from "./session";
import type { paths } from "./types";

/**
 * The app reads JSON: an operation that can also answer CSV is typed by its JSON body, and a
 * download asks for another form itself (`Accept`, with `parseAs: "blob"`).
 */
type ReadsJson = `${string}/json`;

export type ApiClient = Client<paths, ReadsJson>;

/** Everything the app needs to talk to the API: the typed client and the session. */
export interface Api {
  readonly baseUrl: string;
  readonly client: ApiClient;
  readonly session: Session;
}

export interface ApiOptions {
  baseUrl: string;
  session?: SessionOptions;
}

/** fetch is looked up at call time, so tests can replace it at the network boundary. */
function fetchNow(request: Request): Promise<Response> {
  return globalThis.fetch(request);
}

/**
 * Adds the bearer token to every call; on a 401 it refreshes (one refresh shared by all
 * callers) and retries the call once with the new token. When the refresh fails the session
 * has ended and the 401 is passed on.
 */
export function authMiddleware(session: Session): Middleware {
  const pending = new Map<string, { retry: Request; token: string }>();
  return {
    onRequest({ request, id }) {
      const token = session.accessToken;
      if (!token) return undefined;
      request.headers.set("Authorization", `Bearer ${token}`);
      pending.set(id, { retry: request.clone(), token });
      return request;
    },
    async onResponse({ response, id, options }) {
      const entry = pending.get(id);
      pending.delete(id);
      if (!entry || response.status !== 401) return undefined;
      const recovered = await session.recoverFromUnauthorized(entry.token);
      const token = session.accessToken;
      if (!recovered || !token) return undefined;
      await response.body?.cancel();
      entry.retry.headers.set("Authorization", `Bearer ${token}`);
      return options.fetch(entry.retry);
    },
    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
}

export function createApi({ baseUrl, session: sessionOptions }: ApiOptions): Api {
  // Auth calls carry the refresh cookie (credentials: include) and no middleware.
  const authClient = createClient<paths>({ baseUrl, fetch: fetchNow, credentials: "include" });
  const session = new Session(authClient, sessionOptions);
  // Personal data stays out of the browser's HTTP cache (the API also answers authenticated
  // requests with Cache-Control: no-store).
  const client = createClient<paths, ReadsJson>({ baseUrl, fetch: fetchNow, cache: "no-store" });
  client.use(authMiddleware(session));
  return { baseUrl, client, session };
}

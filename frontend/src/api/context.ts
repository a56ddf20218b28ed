import { createContext, use, useSyncExternalStore } from "react";
import type { Api } from "./client";
import type { SessionSnapshot } from "./session";

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = use(ApiContext);
  if (!api) throw new Error("useApi must be used inside <AppProviders>.");
  return api;
}

/** The session state (initialising, authenticated or anonymous with a reason). */
export function useSession(): SessionSnapshot {
  const { session } = useApi();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

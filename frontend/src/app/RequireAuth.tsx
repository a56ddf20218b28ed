import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "../api/context";
import { paths } from "./navigation";
import { SessionLoading } from "./SessionLoading";

export interface LoginLocationState {
  from?: string;
  /** The person has just chosen a password with a link sent by e-mail. */
  passwordSet?: boolean;
}

/** Protected pages: anonymous visitors go to /login, and come back after logging in. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "initialising") return <SessionLoading />;
  if (session.status === "anonymous") {
    const state: LoginLocationState =
      session.reason === "logged-out"
        ? {}
        : { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to={paths.login} replace state={state} />;
  }
  return children;
}

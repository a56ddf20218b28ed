import type { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router";
import { vi } from "vitest";
import { createApi, type Api } from "../api/client";
import { createQueryClient } from "../api/queryClient";
import { AppProviders } from "../app/AppProviders";
import { AppRoutes } from "../app/AppRoutes";
import type { Language } from "../i18n/translate";
import { API_BASE, FakeApi } from "./fakeApi";

const created: Api[] = [];

/** Stop the sessions' background timers after each test. */
export function disposeApis(): void {
  for (const api of created.splice(0)) api.session.dispose();
}

/** An Api whose fetch is the fake server (stubbed at the global fetch, the network boundary). */
export function createTestApi(fake: FakeApi): Api {
  vi.stubGlobal("fetch", fake.fetch);
  const api = createApi({ baseUrl: API_BASE, session: { locks: null } });
  created.push(api);
  return api;
}

export function testQueryClient(): QueryClient {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  return client;
}

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

interface Options {
  route?: string;
  fake?: FakeApi;
  language?: Language;
  children?: ReactNode;
}

/** The whole app at `route`, talking to a fake API through fetch. */
export function renderApp({ route = "/", fake = new FakeApi(), language, children }: Options = {}) {
  const api = createTestApi(fake);
  const queryClient = testQueryClient();
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[route]}>
      <AppProviders api={api} queryClient={queryClient} initialLanguage={language}>
        {children ?? <AppRoutes />}
        <LocationProbe />
      </AppProviders>
    </MemoryRouter>,
  );
  const location = () => view.getByTestId("location").textContent;
  return { ...view, api, fake, queryClient, user, location };
}

import { MantineProvider } from "@mantine/core";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import type { Api } from "../api/client";
import { endsSession } from "../api/session";
import { ApiContext } from "../api/context";
import { I18nProvider } from "../i18n/I18nProvider";
import type { Language } from "../i18n/translate";
import { cssVariablesResolver, theme } from "../theme/theme";

interface Props {
  api: Api;
  queryClient: QueryClient;
  initialLanguage?: Language;
  children: ReactNode;
}

/** The API (client and session), the query cache, the language and the design system, for the whole app. */
export function AppProviders({ api, queryClient, initialLanguage, children }: Props) {
  useEffect(() => {
    // A silent refresh from the HttpOnly cookie keeps the session across page loads.
    void api.session.start();
  }, [api]);

  useEffect(() => {
    let previous = api.session.getSnapshot().status;
    return api.session.subscribe(() => {
      const next = api.session.getSnapshot().status;
      if (endsSession(previous, next)) queryClient.clear();
      previous = next;
    });
  }, [api, queryClient]);

  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <ApiContext value={api}>
        <QueryClientProvider client={queryClient}>
          <I18nProvider initialLanguage={initialLanguage}>{children}</I18nProvider>
        </QueryClientProvider>
      </ApiContext>
    </MantineProvider>
  );
}

import { MantineProvider } from "@mantine/core";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import type { Api } from "../api/client";
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

  useEffect(
    () =>
      api.session.subscribe(() => {
        // Nothing of one person's data outlives their session.
        if (api.session.getSnapshot().status !== "authenticated") queryClient.clear();
      }),
    [api, queryClient],
  );

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

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { createApi } from "./api/client";
import { createQueryClient } from "./api/queryClient";
import { AppProviders } from "./app/AppProviders";
import { AppRoutes } from "./app/AppRoutes";
import { resolveApiBaseUrl } from "./config";
import "./theme/styles";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element.");

const api = createApi({ baseUrl: resolveApiBaseUrl() });
const queryClient = createQueryClient();

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <AppProviders api={api} queryClient={queryClient}>
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  </StrictMode>,
);

import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { disposeApis } from "./renderApp";

// Pages load their code and several lists; a busy machine needs more than the default 1 s.
configure({ asyncUtilTimeout: 4000 });

afterEach(() => {
  cleanup();
  disposeApis();
  document.title = "";
  document.documentElement.lang = "da";
});

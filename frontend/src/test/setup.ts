import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { disposeApis } from "./renderApp";

afterEach(() => {
  cleanup();
  disposeApis();
  document.title = "";
  document.documentElement.lang = "da";
});

import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import { disposeApis } from "./renderApp";

// What jsdom lacks and the design system (Mantine) asks of the browser: media queries,
// resize observers and scrolling into view. No query matches, as on a desktop browser.
const noop = (): void => undefined;
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: noop,
    removeListener: noop,
    addEventListener: noop,
    removeEventListener: noop,
    dispatchEvent: () => false,
  }),
});
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.defineProperty(window, "ResizeObserver", { writable: true, value: NoResizeObserver });
Object.defineProperty(HTMLElement.prototype, "scrollIntoView", { writable: true, value: noop });

// Pages load their code and several lists; a busy machine needs more than the default 1 s.
configure({ asyncUtilTimeout: 4000 });

// TEST_CLOCK_SHIFT_DAYS moves every test's clock that many days ahead (CI runs the suite a year
// ahead), so a test that leans on today's date fails now rather than on the day it expires.
// A test that needs a particular day freezes the clock itself (see test/clock.ts), which wins.
const shiftDays = Number(import.meta.env.TEST_CLOCK_SHIFT_DAYS ?? "0");
const DAY_MS = 24 * 60 * 60 * 1000;

beforeEach(() => {
  if (shiftDays) vi.setSystemTime(vi.getRealSystemTime() + shiftDays * DAY_MS);
});

afterEach(() => {
  cleanup();
  disposeApis();
  vi.useRealTimers();
  document.title = "";
  document.documentElement.lang = "da";
});

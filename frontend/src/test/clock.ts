/** Tests that show or compare dates freeze the clock at a fixed instant, so they never expire. */
import { afterEach, beforeEach, vi } from "vitest";

/** Freeze `Date` at `iso` for every test of the calling file (timers keep running for real). */
export function freezeClock(iso: string): void {
  beforeEach(() => {
    vi.setSystemTime(new Date(iso));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

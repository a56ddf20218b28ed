import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalogue, translatorFor } from "../i18n/translate";
import { describeError } from "./describeError";
import { ApiError, NetworkError } from "./errors";

beforeAll(async () => {
  await loadCatalogue("en");
});

const t = translatorFor("da");
const PREFIX = "urn:cluster-platform:problem:";

function apiError(status: number, kind: string, extra: Record<string, unknown> = {}) {
  return new ApiError(status, {
    type: PREFIX + kind,
    title: `Title ${String(status)}`,
    status,
    detail: `Detail ${String(status)}`,
    request_id: "req-1",
    ...extra,
  });
}

describe("describeError", () => {
  it("says that wrong credentials are wrong at login", () => {
    expect(describeError(apiError(401, "unauthenticated"), t, "login")).toEqual({
      message: "Forkert e-mail eller adgangskode.",
    });
  });

  it("says that the session has expired on a 401 elsewhere", () => {
    expect(describeError(apiError(401, "unauthenticated"), t).message).toBe(
      "Din session er udløbet. Log ind igen.",
    );
  });

  it("asks the person to wait on 429", () => {
    const error = new ApiError(
      429,
      { type: `${PREFIX}rate-limited`, title: "Too Many Requests", status: 429, detail: "Wait." },
      new Headers({ "Retry-After": "30" }),
    );
    expect(error.retryAfter).toBe(30);
    expect(describeError(error, t, "login").message).toBe("For mange forsøg. Vent lidt, og prøv igen.");
  });

  it("says in Danish that the server cannot be reached", () => {
    expect(describeError(new NetworkError(new TypeError("Failed to fetch")), t).message).toBe(
      "Serveren kan ikke nås. Tjek din forbindelse, og prøv igen om lidt.",
    );
  });

  it("maps forbidden, not found and internal errors, keeping the request id", () => {
    expect(describeError(apiError(403, "forbidden"), t)).toEqual({
      message: "Du har ikke adgang til dette.",
      requestId: "req-1",
    });
    expect(describeError(apiError(404, "not-found"), t).message).toBe("Det, du leder efter, findes ikke.");
    expect(describeError(apiError(500, "internal-error"), t)).toEqual({
      message: "Der opstod en fejl på serveren. Prøv igen om lidt.",
      requestId: "req-1",
    });
  });

  it("lists the field errors of a validation error in Danish, from their codes", () => {
    const error = apiError(422, "validation-error", {
      errors: { email: ["Not a valid email address."], title: ["Length must be between 1 and 200."] },
      codes: { email: [{ code: "invalid_email" }], title: [{ code: "too_long", min: 1, max: 200, unit: "characters" }] },
    });
    expect(describeError(error, t)).toEqual({
      message: "Oplysningerne blev afvist. Ret dem, og prøv igen.",
      fieldErrors: { email: ["Skal være en gyldig e-mailadresse."], title: ["Højst 200 tegn."] },
      requestId: "req-1",
    });
  });

  it("lists the field errors of a rule violation the same way", () => {
    const error = apiError(422, "rule-violation", {
      errors: { ends_at: ["Must be after starts_at."] },
      codes: { ends_at: [{ code: "not_after_start" }] },
    });
    expect(describeError(error, t)).toEqual({
      message: "Oplysningerne blev afvist. Ret dem, og prøv igen.",
      fieldErrors: { ends_at: ["Skal være efter starttidspunktet."] },
      requestId: "req-1",
    });
  });

  it("puts a nested field's message under its field, and never shows the API's English", () => {
    const error = apiError(422, "validation-error", {
      errors: { responsible: { id: ["Not a valid UUID."] }, colour: ["Unknown field."] },
      codes: { "responsible.id": [{ code: "invalid_uuid" }], colour: [{ code: "unknown_field" }] },
    });
    const description = describeError(error, t);
    expect(description.fieldErrors).toEqual({
      responsible: ["Henvisningen er ikke gyldig."],
      colour: ["Feltet kendes ikke."],
    });
    expect(JSON.stringify(description)).not.toMatch(/Not a valid|Unknown field|Detail|Title/);
  });

  it("says in Danish what the rule that refused a change says (409)", () => {
    expect(describeError(apiError(409, "conflict", { code: "meeting_not_begun" }), t)).toEqual({
      message: "Ændringen kunne ikke gennemføres, fordi den strider mod det, der allerede er registreret.",
      detail: "Mødet er ikke begyndt endnu.",
      requestId: "req-1",
    });
  });

  it("says only the general Danish text for a conflict without a code it knows", () => {
    expect(describeError(apiError(409, "conflict", { code: "something_new" }), t)).toEqual({
      message: "Ændringen kunne ikke gennemføres, fordi den strider mod det, der allerede er registreret.",
      requestId: "req-1",
    });
  });

  it("says that someone else changed the thing meanwhile (412)", () => {
    expect(describeError(apiError(412, "precondition-failed"), t).message).toBe(
      "En anden har ændret oplysningerne, mens du arbejdede. Luk vinduet, og prøv igen med de nye oplysninger.",
    );
  });

  it("speaks of the post on the notice board when it was changed or deleted meanwhile", () => {
    expect(describeError(apiError(412, "precondition-failed"), t, "post")).toEqual({
      message: "Opslaget er ændret af en anden, mens du arbejdede. Luk vinduet, og prøv igen med den nye udgave.",
      requestId: "req-1",
    });
    expect(describeError(apiError(404, "not-found"), t, "post").message).toBe(
      "Opslaget findes ikke længere. Måske er det slettet.",
    );
  });

  it("shows the status, never the API's English title, for other problems", () => {
    expect(describeError(apiError(418, "teapot"), t)).toEqual({
      message: "Serveren svarede med en fejl (418).",
      requestId: "req-1",
    });
  });

  it("falls back to the status when the body is not a problem", () => {
    const error = new ApiError(502, "<html>Bad gateway</html>", new Headers({ "X-Request-ID": "abc" }));
    expect(error.kind).toBe("internal-error");
    expect(describeError(error, t)).toEqual({
      message: "Der opstod en fejl på serveren. Prøv igen om lidt.",
      requestId: "abc",
    });
    expect(describeError(new ApiError(418, null), t).message).toBe("Serveren svarede med en fejl (418).");
  });

  it("never leaves the person without a message", () => {
    expect(describeError(new Error("boom"), t).message).toBe("Der opstod en uventet fejl.");
    expect(describeError("weird", t).message).toBe("Der opstod en uventet fejl.");
  });

  it("speaks English in English", () => {
    expect(describeError(apiError(401, "unauthenticated"), translatorFor("en"), "login").message).toBe(
      "Wrong e-mail or password.",
    );
  });
});

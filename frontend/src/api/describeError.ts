import type { Translate } from "../i18n/translate";
import { ApiError, NetworkError } from "./errors";

/** What to tell the person about an error, in their language. */
export interface ErrorDescription {
  /** The main message: Danish/English for the problems we know, else the API's title. */
  message: string;
  /** More detail (the API's own text, in English) when the message is not one of ours. */
  detail?: string;
  /** Validation messages per field (from the API, in English). */
  fieldErrors?: Record<string, string[]>;
  /** Quote this when reporting the error. */
  requestId?: string;
}

/**
 * Where the error happened: a 401 at login means wrong credentials, elsewhere an ended session;
 * on the notice board a 412 or 404 is about the post someone else changed or deleted.
 */
export type ErrorContext = "default" | "login" | "post";

export function describeError(
  error: unknown,
  t: Translate,
  context: ErrorContext = "default",
): ErrorDescription {
  if (error instanceof NetworkError) return { message: t("errors.network") };
  if (!(error instanceof ApiError)) return { message: t("errors.unexpected") };

  const requestId = error.requestId ?? undefined;
  const withId = (description: ErrorDescription): ErrorDescription =>
    requestId ? { ...description, requestId } : description;

  switch (error.kind) {
    case "unauthenticated":
      return context === "login"
        ? { message: t("login.invalidCredentials") }
        : { message: t("errors.sessionExpired") };
    case "rate-limited":
      return { message: t("errors.rateLimited") };
    case "forbidden":
      return withId({ message: t("errors.forbidden") });
    case "not-found":
      return withId({ message: context === "post" ? t("errors.post.notFound") : t("errors.notFound") });
    case "precondition-failed":
      return withId({
        message: context === "post" ? t("errors.post.preconditionFailed") : t("errors.preconditionFailed"),
      });
    case "conflict": {
      const detail = error.problem?.detail;
      return withId(detail ? { message: t("errors.conflict"), detail } : { message: t("errors.conflict") });
    }
    case "internal-error":
      return withId({ message: t("errors.internal") });
    case "invalid-link":
      return { message: t("setPassword.invalidLink") };
    // Both kinds of 422: a field breaks the contract, or the request breaks a rule across fields
    // or about what it refers to. Either way the person mends the fields named.
    case "validation-error":
    case "rule-violation": {
      const fieldErrors = error.fieldErrors;
      const description: ErrorDescription = { message: t("errors.validation") };
      if (Object.keys(fieldErrors).length > 0) description.fieldErrors = fieldErrors;
      else if (error.problem?.detail) description.detail = error.problem.detail;
      return withId(description);
    }
    default: {
      const problem = error.problem;
      if (problem) {
        const description: ErrorDescription = { message: problem.title };
        if (problem.detail && problem.detail !== problem.title) description.detail = problem.detail;
        return withId(description);
      }
      return withId({ message: t("errors.httpStatus", { status: error.status }) });
    }
  }
}

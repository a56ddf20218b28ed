import type { Translate } from "../i18n/translate";
import { describeProblemCode, fieldErrorsOf } from "./errorCodes";
import { ApiError, NetworkError } from "./errors";

/** What to tell the person about an error, in their language. */
export interface ErrorDescription {
  /** The main message, in the person's language (never the API's English text). */
  message: string;
  /** What the rule that refused says, from the API's code, in the person's language. */
  detail?: string;
  /** Messages per field, from the API's codes, in the person's language. */
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
      const detail = describeProblemCode(error.problemCode, t);
      const fieldErrors = fieldErrorsOf(error, t);
      const description: ErrorDescription = { message: t("errors.conflict") };
      if (detail) description.detail = detail;
      if (Object.keys(fieldErrors).length > 0) description.fieldErrors = fieldErrors;
      return withId(description);
    }
    case "internal-error":
      return withId({ message: t("errors.internal") });
    case "invalid-link":
      return { message: t("setPassword.invalidLink") };
    // Both kinds of 422: a field breaks the contract, or the request breaks a rule across fields
    // or about what it refers to. Either way the person mends the fields named.
    case "validation-error":
    case "rule-violation": {
      const fieldErrors = fieldErrorsOf(error, t);
      const description: ErrorDescription = { message: t("errors.validation") };
      const detail = describeProblemCode(error.problemCode, t);
      if (Object.keys(fieldErrors).length > 0) description.fieldErrors = fieldErrors;
      else if (detail) description.detail = detail;
      return withId(description);
    }
    default: {
      const detail = describeProblemCode(error.problemCode, t);
      const description: ErrorDescription = { message: t("errors.httpStatus", { status: error.status }) };
      if (detail) description.detail = detail;
      return withId(description);
    }
  }
}

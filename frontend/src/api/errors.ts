import type { ErrorCode } from "./errorCodes";
import type { Problem } from "./types";

const PROBLEM_PREFIX = "urn:cluster-platform:problem:";

/** The problem kinds the API documents; anything else is "other". */
export type ProblemKind =
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "validation-error"
  | "rule-violation"
  | "precondition-failed"
  | "rate-limited"
  | "internal-error"
  | "invalid-link"
  | "other";

const KNOWN_KINDS: readonly ProblemKind[] = [
  "unauthenticated",
  "forbidden",
  "not-found",
  "conflict",
  "validation-error",
  "rule-violation",
  "precondition-failed",
  "rate-limited",
  "internal-error",
  "invalid-link",
];

const KIND_BY_STATUS: Partial<Record<number, ProblemKind>> = {
  401: "unauthenticated",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  412: "precondition-failed",
  422: "validation-error",
  429: "rate-limited",
};

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.type === "string" &&
    typeof candidate.title === "string" &&
    typeof candidate.status === "number"
  );
}

/** An error answer of the API, with its problem details when the body was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  readonly requestId: string | null;
  /** Seconds from Retry-After (429), when given. */
  readonly retryAfter: number | null;

  constructor(status: number, body: unknown, headers?: Headers) {
    const problem = isProblem(body) ? body : null;
    super(problem ? `${problem.title}: ${problem.detail}` : `HTTP ${String(status)}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.requestId = problem?.request_id ?? headers?.get("X-Request-ID") ?? null;
    const retryAfter = Number.parseInt(headers?.get("Retry-After") ?? "", 10);
    this.retryAfter = Number.isFinite(retryAfter) ? retryAfter : null;
  }

  get kind(): ProblemKind {
    const type = this.problem?.type;
    if (type?.startsWith(PROBLEM_PREFIX)) {
      const suffix = type.slice(PROBLEM_PREFIX.length) as ProblemKind;
      if (KNOWN_KINDS.includes(suffix)) return suffix;
    }
    if (this.status >= 500) return "internal-error";
    return KIND_BY_STATUS[this.status] ?? "other";
  }

  /**
   * The API's codes for its messages per field (422, and a 409 about a field), grouped by the
   * form's field: a nested field's code (`responsible.id`) belongs to its top field
   * (`responsible`). The API's English messages are never shown; the codes are translated.
   */
  get fieldCodes(): Record<string, ErrorCode[]> {
    const codes = this.problem?.codes ?? {};
    const result: Record<string, ErrorCode[]> = {};
    for (const [path, list] of Object.entries(codes)) {
      const field = path.split(".")[0] ?? path;
      (result[field] ??= []).push(...list);
    }
    return result;
  }

  /** The code of the rule that refused the request as a whole (a 409), when the API gave one. */
  get problemCode(): string | null {
    return this.problem?.code ?? null;
  }
}

/** The server could not be reached (no answer at all: offline, DNS, CORS, server down). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("The server could not be reached.", { cause });
    this.name = "NetworkError";
  }
}

interface ClientResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Await an openapi-fetch call and return its data; throw ApiError for an error answer and
 * NetworkError when no answer came.
 */
export async function unwrap<R extends ClientResult>(
  call: Promise<R>,
): Promise<NonNullable<R["data"]>> {
  let result: R;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError || error instanceof NetworkError) throw error;
    throw new NetworkError(error);
  }
  if (!result.response.ok) {
    throw new ApiError(result.response.status, result.error, result.response.headers);
  }
  return result.data as NonNullable<R["data"]>;
}

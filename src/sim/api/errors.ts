/**
 * API errors as values, shaped like the API server's metav1.Status so that
 * kubectl's printer can word them exactly as real kubectl does
 * ("Error from server (NotFound): pods \"x\" not found").
 */

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "Conflict"
  | "MethodNotAllowed"
  | "TooManyRequests"
  | "InternalError";

/** One field-level problem, as in field.Error of k8s.io/apimachinery. */
export interface FieldError {
  /** Dotted path, e.g. `spec.template.spec.containers[0].image`. */
  field: string;
  /** e.g. "Required value", "Invalid value", "Unsupported value", "Duplicate value", "Forbidden". */
  type: string;
  /** The offending value, printed after "Invalid value: " where the type calls for it. */
  value?: unknown;
  detail?: string;
}

export interface ApiError {
  kind: "ApiError";
  code: number;
  reason: StatusReason;
  message: string;
  /** Field errors behind an Invalid response. */
  causes?: FieldError[];
}

export function apiError(code: number, reason: StatusReason, message: string, causes?: FieldError[]): ApiError {
  return { kind: "ApiError", code, reason, message, ...(causes ? { causes } : {}) };
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "ApiError";
}

/** `pods "web" not found` — resource is the plural, qualified by group for non-core kinds (`deployments.apps`). */
export function notFound(qualifiedResource: string, name: string): ApiError {
  return apiError(404, "NotFound", `${qualifiedResource} "${name}" not found`);
}

export function alreadyExists(qualifiedResource: string, name: string): ApiError {
  return apiError(409, "AlreadyExists", `${qualifiedResource} "${name}" already exists`);
}

export function conflict(qualifiedResource: string, name: string, detail: string): ApiError {
  return apiError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource} "${name}": ${detail}`);
}

/**
 * Formats field errors the way apimachinery's errors.NewInvalid does:
 * `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
 * kubectl then prints `The Deployment "web" is invalid: ...` for this status.
 */
export function invalid(kind: string, qualifiedKind: string, name: string, causes: FieldError[]): ApiError {
  const rendered = causes.map(renderFieldError);
  const detail = rendered.length === 1 ? rendered[0] : `[${rendered.join(", ")}]`;
  return apiError(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${detail}`, causes);
}

/** field.Error.Error(): "spec.replicas: Invalid value: -1: must be ..." */
export function renderFieldError(e: FieldError): string {
  let text = `${e.field}: ${e.type}`;
  if (e.type === "Invalid value" || e.type === "Unsupported value" || e.type === "Duplicate value" || e.type === "Not found") {
    if (e.value !== undefined) text += `: ${renderValue(e.value)}`;
  }
  if (e.detail) text += `: ${e.detail}`;
  return text;
}

function renderValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  return JSON.stringify(v);
}

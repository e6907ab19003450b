// userErrors → words for people, with switches the compiler proves exhaustive.
//
// `ErrorCode` is generated from schema.graphql as a union of string literals. Each switch below ends in
// `default: return unhandled(code, ...)`, whose parameter is `never`: when the schema gains a member that a
// switch does not name, `code` is no longer `never` there and `npm run check` fails, pointing at the switch.
// At run time an app built before the server grew a member still gets it, so `unhandled` answers with the
// server's own message rather than throwing.
import type { ErrorCode } from "./gql/graphql";

/** What every payload's `userErrors { field code message }` selection gives. */
export type UserError = { field?: string | null; code: ErrorCode; message: string };

/** The exhaustiveness check: compiles only when every member was handled above it. */
export function unhandled<T>(code: never, fallback: T): T {
  console.warn(`ErrorCode ${String(code)} is newer than this app`);
  return fallback;
}

/** This app's wording for every code the API produces (replace with your own copy or translations). */
export function messageFor(error: Pick<UserError, "code" | "message">): string {
  const code = error.code;
  switch (code) {
    case "REQUIRED":
      return "Please fill this in.";
    case "TOO_LONG":
      return "That's too long.";
    case "TOO_MANY":
      return "That's too many.";
    case "INVALID_CONTACT":
      return "Enter an email address or a phone number.";
    case "CONTACT_TAKEN":
      return "An account already uses this email or phone number. Log in instead?";
    case "INVALID_CODE":
      return "That code isn't right.";
    case "CODE_EXPIRED":
      return "That code has expired. We can send you a new one.";
    case "TOO_MANY_ATTEMPTS":
      return "Too many wrong tries. We can send you a new code.";
    case "CODE_STILL_VALID":
      return "We already sent you a code that still works.";
    case "ALREADY_VERIFIED":
      return "You're already verified.";
    case "THROTTLED":
      return "Too many tries. Wait a moment and try again.";
    case "USERNAME_TAKEN":
      return "That username is taken.";
    case "INVALID_USERNAME":
      return "Usernames are 5 to 30 letters, digits, '.' and '_'.";
    case "INVALID_NAME":
      return "Names are 1 to 30 characters.";
    case "PASSWORD_MISMATCH":
      return "The passwords don't match.";
    case "PASSWORD_TOO_WEAK":
      return "Choose a stronger password.";
    case "USE_CHANGE_PASSWORD":
      return "Change your password from the settings page.";
    case "WRONG_PASSWORD":
      return "Your current password isn't right.";
    case "SIGN_UP_INCOMPLETE":
      return "Finish signing up first.";
    case "INVALID_CREDENTIALS":
      return "Wrong username, email, phone number or password.";
    case "INVALID_TOKEN":
      return "Your session has ended. Please log in again.";
    case "INVALID_IMAGE":
      return "Use a JPEG, PNG or WebP image.";
    case "IMAGE_TOO_LARGE":
      return "That image is too large (10 MB at most).";
    case "INVALID_PARENT":
      return "You can only reply to a comment on this post.";
    case "CANNOT_FOLLOW_SELF":
      return "You can't follow yourself.";
    case "NOT_FOUND":
      return "It's gone: it may have been deleted.";
    case "FORBIDDEN":
      return "You can't do that.";
    default:
      return unhandled(code, error.message);
  }
}

/** Form errors by input field (`null` field: the form as a whole, under ""). */
export function fieldErrors(userErrors: readonly UserError[]) {
  const byField: Record<string, string> = {};
  for (const error of userErrors) byField[error.field ?? ""] ??= messageFor(error);
  return byField;
}

/**
 * Narrows a code to the ones an operation's description lists. Declare those lists with
 * `as const satisfies readonly ErrorCode[]`: a code that leaves the schema then fails type-checking too.
 */
export function isOneOf<C extends ErrorCode>(codes: readonly C[], code: ErrorCode): code is C {
  return (codes as readonly ErrorCode[]).includes(code);
}

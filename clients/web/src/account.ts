// The sign-up journey: signUp → verifyCode → updateProfile → skipPhoto or updatePhoto, then login and
// refreshToken. Each step answers the viewer on success, or what the screen should do next on a refusal.
import type { Client } from "./client";
import { isOneOf, messageFor, unhandled, type UserError } from "./errors";
import { graphql } from "./gql";
import type { ErrorCode, UpdateProfileInput, ViewerFieldsFragment } from "./gql/graphql";
import type { Session } from "./session";

graphql(`
  fragment ViewerFields on User {
    id
    username
    fullName
    photoUrl
    authStatus
  }
`);

graphql(`
  fragment UserErrorFields on UserError {
    field
    code
    message
  }
`);

const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      userErrors { ...UserErrorFields }
      accessToken
      refreshToken
      user { ...ViewerFields }
    }
  }
`);

const VerifyCodeMutation = graphql(`
  mutation VerifyCode($input: VerifyCodeInput!) {
    verifyCode(input: $input) {
      userErrors { ...UserErrorFields }
      user { ...ViewerFields }
    }
  }
`);

const ResendCodeMutation = graphql(`
  mutation ResendCode {
    resendCode {
      userErrors { ...UserErrorFields }
      sent
    }
  }
`);

const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      userErrors { ...UserErrorFields }
      user { ...ViewerFields }
    }
  }
`);

const UpdatePhotoMutation = graphql(`
  mutation UpdatePhoto($input: UpdatePhotoInput!) {
    updatePhoto(input: $input) {
      userErrors { ...UserErrorFields }
      user { ...ViewerFields }
    }
  }
`);

const SkipPhotoMutation = graphql(`
  mutation SkipPhoto {
    skipPhoto {
      userErrors { ...UserErrorFields }
      user { ...ViewerFields }
    }
  }
`);

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      userErrors { ...UserErrorFields }
      accessToken
      refreshToken
      user { ...ViewerFields }
    }
  }
`);

const RefreshTokenMutation = graphql(`
  mutation RefreshToken($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      userErrors { ...UserErrorFields }
      accessToken
      refreshToken
      user { ...ViewerFields }
    }
  }
`);

export type Viewer = ViewerFieldsFragment;

/** What the screen does after a refusal. */
export type Next =
  | "fix-input" // show `message` by `field` and let the user edit
  | "wait" // THROTTLED: try again later
  | "resend-code"
  | "verify-code"
  | "complete-profile"
  | "sign-up-again"
  | "log-in"
  | "continue"; // nothing is wrong for the user: go on to the next step

export type Refusal = { next: Next; field: string | null; message: string };
export type Step = { ok: true; viewer: Viewer } | { ok: false; refusal: Refusal };

const refused = (error: UserError, next: Next): Step => ({
  ok: false,
  refusal: { next, field: error.field ?? null, message: messageFor(error) },
});

/** A payload's first userError (every payload has `userErrors`, empty on success) decides the step. */
function step(
  payload: { userErrors: readonly UserError[]; user?: Viewer | null },
  decide: (error: UserError) => Step,
): Step {
  const [error] = payload.userErrors;
  if (error) return decide(error);
  if (!payload.user) throw new Error("A payload without userErrors carries its user.");
  return { ok: true, viewer: payload.user };
}

// Each list is the "Codes:" line of the mutation's description in schema.graphql. `satisfies` fails
// type-checking when a code leaves the schema; each switch's `never` default fails it when a listed code is
// not handled. A code outside the list (the server grew one) falls back to messageFor's wording.
const SIGN_UP_CODES = ["INVALID_CONTACT", "CONTACT_TAKEN", "THROTTLED"] as const satisfies readonly ErrorCode[];

export async function signUp(client: Client, session: Session, emailOrPhone: string): Promise<Step> {
  const { data } = await client.mutate({
    mutation: SignUpMutation,
    variables: { input: { emailOrPhone } },
    context: { anonymous: true },
  });
  const payload = data!.signUp;
  session.signIn(payload.accessToken, payload.refreshToken); // good only for finishing sign-up
  return step(payload, (error) => {
    const code = error.code;
    if (!isOneOf(SIGN_UP_CODES, code)) return refused(error, "fix-input");
    switch (code) {
      case "INVALID_CONTACT":
        return refused(error, "fix-input");
      case "CONTACT_TAKEN":
        return refused(error, "log-in");
      case "THROTTLED":
        return refused(error, "wait");
      default:
        return unhandled(code, refused(error, "fix-input"));
    }
  });
}

const VERIFY_CODE_CODES = [
  "INVALID_CODE",
  "CODE_EXPIRED",
  "TOO_MANY_ATTEMPTS",
  "ALREADY_VERIFIED",
] as const satisfies readonly ErrorCode[];

export async function verifyCode(client: Client, code: string): Promise<Step> {
  const { data } = await client.mutate({ mutation: VerifyCodeMutation, variables: { input: { code } } });
  return step(data!.verifyCode, (error) => {
    const code = error.code;
    if (!isOneOf(VERIFY_CODE_CODES, code)) return refused(error, "fix-input");
    switch (code) {
      case "INVALID_CODE":
        return refused(error, "fix-input");
      case "CODE_EXPIRED":
      case "TOO_MANY_ATTEMPTS":
        return refused(error, "resend-code");
      case "ALREADY_VERIFIED":
        return refused(error, "continue");
      default:
        return unhandled(code, refused(error, "fix-input"));
    }
  });
}

const RESEND_CODE_CODES = ["CODE_STILL_VALID", "THROTTLED", "ALREADY_VERIFIED"] as const satisfies readonly ErrorCode[];

/** Resolves to null once a fresh code is on its way. */
export async function resendCode(client: Client): Promise<Refusal | null> {
  const { data } = await client.mutate({ mutation: ResendCodeMutation });
  const [error] = data!.resendCode.userErrors;
  if (!error) return null;
  const code = error.code;
  const refusal = (next: Next): Refusal => ({ next, field: error.field ?? null, message: messageFor(error) });
  if (!isOneOf(RESEND_CODE_CODES, code)) return refusal("wait");
  switch (code) {
    case "CODE_STILL_VALID":
      return refusal("verify-code");
    case "THROTTLED":
      return refusal("wait");
    case "ALREADY_VERIFIED":
      return refusal("continue");
    default:
      return unhandled(code, refusal("wait"));
  }
}

const UPDATE_PROFILE_CODES = [
  "REQUIRED",
  "TOO_LONG",
  "USERNAME_TAKEN",
  "INVALID_USERNAME",
  "INVALID_NAME",
  "PASSWORD_MISMATCH",
  "PASSWORD_TOO_WEAK",
  "USE_CHANGE_PASSWORD",
  "SIGN_UP_INCOMPLETE",
] as const satisfies readonly ErrorCode[];

/** Finishes sign-up (username and password required) or edits the profile later. */
export async function updateProfile(client: Client, input: UpdateProfileInput): Promise<Step> {
  const { data } = await client.mutate({ mutation: UpdateProfileMutation, variables: { input } });
  return step(data!.updateProfile, (error) => {
    const code = error.code;
    if (!isOneOf(UPDATE_PROFILE_CODES, code)) return refused(error, "fix-input");
    switch (code) {
      case "REQUIRED":
      case "TOO_LONG":
      case "USERNAME_TAKEN":
      case "INVALID_USERNAME":
      case "INVALID_NAME":
      case "PASSWORD_MISMATCH":
      case "PASSWORD_TOO_WEAK":
      case "USE_CHANGE_PASSWORD": // a finished account sent a password: changePassword is elsewhere
        return refused(error, "fix-input");
      case "SIGN_UP_INCOMPLETE":
        return refused(error, "verify-code");
      default:
        return unhandled(code, refused(error, "fix-input"));
    }
  });
}

const PHOTO_CODES = ["INVALID_IMAGE", "IMAGE_TOO_LARGE", "SIGN_UP_INCOMPLETE"] as const satisfies readonly ErrorCode[];

function photoRefused(error: UserError): Step {
  const code = error.code;
  if (!isOneOf(PHOTO_CODES, code)) return refused(error, "fix-input");
  switch (code) {
    case "INVALID_IMAGE":
    case "IMAGE_TOO_LARGE":
      return refused(error, "fix-input");
    case "SIGN_UP_INCOMPLETE":
      return refused(error, "complete-profile");
    default:
      return unhandled(code, refused(error, "fix-input"));
  }
}

/** A File from an <input type="file">, or any Blob: the link sends a GraphQL multipart request. */
export async function updatePhoto(client: Client, photo: File | Blob): Promise<Step> {
  const { data } = await client.mutate({ mutation: UpdatePhotoMutation, variables: { input: { photo } } });
  return step(data!.updatePhoto, photoRefused);
}

/** skipPhoto's only code, SIGN_UP_INCOMPLETE, is handled by the same switch as updatePhoto's. */
export async function skipPhoto(client: Client): Promise<Step> {
  const { data } = await client.mutate({ mutation: SkipPhotoMutation });
  return step(data!.skipPhoto, photoRefused);
}

const LOGIN_CODES = ["INVALID_CREDENTIALS", "SIGN_UP_INCOMPLETE", "THROTTLED"] as const satisfies readonly ErrorCode[];

/** `login` is a username, an email or a phone number. */
export async function logIn(client: Client, session: Session, login: string, password: string): Promise<Step> {
  const { data } = await client.mutate({
    mutation: LoginMutation,
    variables: { input: { login, password } },
    context: { anonymous: true },
  });
  const payload = data!.login;
  session.signIn(payload.accessToken, payload.refreshToken);
  return step(payload, (error) => {
    const code = error.code;
    if (!isOneOf(LOGIN_CODES, code)) return refused(error, "fix-input");
    switch (code) {
      case "INVALID_CREDENTIALS":
        return refused(error, "fix-input");
      case "SIGN_UP_INCOMPLETE":
        return refused(error, "sign-up-again"); // signing up again with the contact starts over
      case "THROTTLED":
        return refused(error, "wait");
      default:
        return unhandled(code, refused(error, "fix-input"));
    }
  });
}

const REFRESH_TOKEN_CODES = ["INVALID_TOKEN"] as const satisfies readonly ErrorCode[];

/**
 * Trades the refresh token for a new pair (the old one stops working). Resolves to false when the session
 * cannot be saved and the user must log in again. The client's error link calls it on TOKEN_EXPIRED.
 */
export async function refreshSession(client: Client, session: Session): Promise<boolean> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return false;
  const { data } = await client.mutate({
    mutation: RefreshTokenMutation,
    variables: { input: { refreshToken } },
    context: { anonymous: true }, // the expired access token would get this request refused too
    fetchPolicy: "no-cache",
  });
  const payload = data!.refreshToken;
  const [error] = payload.userErrors;
  if (!error) {
    session.signIn(payload.accessToken, payload.refreshToken);
    return true;
  }
  const code = error.code;
  if (!isOneOf(REFRESH_TOKEN_CODES, code)) return false;
  switch (code) {
    case "INVALID_TOKEN":
      return false;
    default:
      return unhandled(code, false);
  }
}

// Where the tokens live. In memory here; a browser app may keep the refresh token in localStorage (or, better,
// let a same-site backend keep it in an HttpOnly cookie) and restore it at start-up.

export type Tokens = { accessToken: string; refreshToken: string };

export class Session {
  private tokens: Tokens | null = null;
  private readonly signedOutListeners = new Set<() => void>();

  get accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  get refreshToken(): string | null {
    return this.tokens?.refreshToken ?? null;
  }

  /** Every token payload (signUp, login, refreshToken, resetPassword, changePassword) comes through here. */
  signIn(accessToken: string | null | undefined, refreshToken: string | null | undefined): void {
    if (accessToken && refreshToken) this.tokens = { accessToken, refreshToken };
  }

  /** The server refused the token for good (TOKEN_INVALID, or a refresh that failed): show the login screen. */
  signOut(): void {
    this.tokens = null;
    for (const listener of this.signedOutListeners) listener();
  }

  onSignedOut(listener: () => void): () => void {
    this.signedOutListeners.add(listener);
    return () => this.signedOutListeners.delete(listener);
  }
}

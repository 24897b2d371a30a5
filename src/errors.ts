/**
 * The two kinds of error cdrscope knows.
 *
 * A `UserError` is the user's mistake or the data's fault (bad option, unreadable input, a rejected
 * row under `--strict`): the CLI prints its message alone and exits 2. Anything else is a bug in
 * cdrscope and may show a stack trace.
 */
export class UserError extends Error {
  /** Stable machine-readable code, e.g. `INPUT_NOT_FOUND`, `ROW_REJECTED`, `BAD_OPTION`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

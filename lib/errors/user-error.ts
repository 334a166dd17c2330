/**
 * A business-rule refusal with one sentence the user can act on ("The last owner can't be demoted.").
 * Actions and routes show `message` as is; `status` gives routes the HTTP code (403 role, 404 not in your org,
 * 409 conflicting state, 400 bad input, 429 too many failed attempts).
 */
export class UserError extends Error {
  readonly status: 400 | 403 | 404 | 409 | 410 | 429;

  constructor(message: string, status: 400 | 403 | 404 | 409 | 410 | 429 = 400) {
    super(message);
    this.name = "UserError";
    this.status = status;
  }
}

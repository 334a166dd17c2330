import bcrypt from "bcryptjs";

const COST = 10;
// a real bcrypt hash of a random string, compared against when the email is unknown so both paths take as long
const DUMMY_HASH = "$2b$10$rfLVHn1abXJVRBsW71VOI.A2EDdHpBnIJCnxcSbBl/PY7qkMlD4T.";

/** bcrypt hash (cost 10) of `password`. */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** Constant-work check of `password` against `hash` (or a dummy hash when the user does not exist). */
export function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash !== undefined);
}

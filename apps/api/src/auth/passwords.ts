import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP's minimum: m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Hash checked when the username is unknown, so a wrong name costs as long as a wrong password. */
export const UNKNOWN_USER_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$GwPAnTc+12bhhIRN1GIUKA$x2Nz2+RrxXAIDAusUWDkDjWNd0FalIFF6O9ChEEzY14';

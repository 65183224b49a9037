// argon2id with OWASP's minimum parameters (19 MiB, t=2, p=1): ~11 ms a hash on these machines (STACK.md §10).
import { hash, verify } from '@node-rs/argon2';

const params = { algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string): Promise<string> => hash(plain, params);

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** Verified against when the user does not exist, so timing does not reveal which usernames exist. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('concord-dummy-password-for-timing');
  return dummy;
}

import { DEMO_USERS, type DemoUser } from '../local.ts';

/** The claims B2C puts in ID tokens (besides the protocol ones) for a local account. */
export interface UserClaims {
  sub: string;
  oid: string;
  emails: string[];
  name?: string;
  tfp: string;
  ver: '1.0';
}

/** The seeded local accounts, looked up by object id (the `sub`) or by sign-in email. */
export interface AccountStore {
  /** Returns the user with this object id, or undefined. */
  byId(oid: string): DemoUser | undefined;
  /** Returns true when a user signs in with this email (any case). */
  hasEmail(email: string): boolean;
  /** Returns the user when the email (any case) and password match, else undefined. */
  verify(email: string, password: string): DemoUser | undefined;
  /** Returns the B2C-style profile claims of a user. */
  claimsOf(user: DemoUser): UserClaims;
}

/** Creates the store over DEMO_USERS for a policy (the `tfp` claim). */
export function createAccountStore(policy: string, users: readonly DemoUser[] = DEMO_USERS): AccountStore {
  return {
    byId: (oid) => users.find((user) => user.oid === oid),
    hasEmail: (email) => byEmail(users, email) !== undefined,
    verify(email, password) {
      const user = byEmail(users, email);
      return user && user.password === password ? user : undefined;
    },
    claimsOf: (user) => ({
      sub: user.oid,
      oid: user.oid,
      emails: [user.email],
      // A user without a display name gets no name claim, as B2C does when the attribute is empty.
      ...(user.name === undefined ? {} : { name: user.name }),
      tfp: policy,
      ver: '1.0',
    }),
  };
}

function byEmail(users: readonly DemoUser[], email: string): DemoUser | undefined {
  const wanted = email.trim().toLowerCase();
  return users.find((candidate) => candidate.email.toLowerCase() === wanted);
}

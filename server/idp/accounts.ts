import { randomUUID } from 'node:crypto';
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

/** What sign-up asks for. */
export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/**
 * The tenant's local accounts, shared by every user flow of one provider: seeded with a copy of DEMO_USERS,
 * changed by sign-up, password reset and profile edit. Lookups return the current values, so tokens issued after
 * a change carry them.
 */
export interface AccountStore {
  /** Returns the user with this object id, or undefined. */
  byId(oid: string): DemoUser | undefined;
  /** Returns the user who signs in with this email (any case), or undefined. */
  byEmail(email: string): DemoUser | undefined;
  /** Returns the user when the email (any case) and password match, else undefined. */
  verify(email: string, password: string): DemoUser | undefined;
  /** Adds a user with a new random object id; returns it, or undefined when the email is taken. */
  add(user: NewUser): DemoUser | undefined;
  /** Changes a user's password; returns the changed user, or undefined when there is no such user. */
  setPassword(oid: string, password: string): DemoUser | undefined;
  /** Changes a user's display name; returns the changed user, or undefined when there is no such user. */
  setName(oid: string, name: string): DemoUser | undefined;
  /** Drops every change: the users are the seed again. */
  reset(): void;
}

/** Creates the store over a copy of `seed` (default DEMO_USERS, which is never changed). */
export function createAccountStore(seed: readonly DemoUser[] = DEMO_USERS): AccountStore {
  let users: readonly DemoUser[] = [...seed];
  const find = (email: string) => {
    const wanted = email.trim().toLowerCase();
    return users.find((candidate) => candidate.email.toLowerCase() === wanted);
  };
  const update = (oid: string, change: Partial<DemoUser>): DemoUser | undefined => {
    const current = users.find((user) => user.oid === oid);
    if (!current) return undefined;
    const changed = { ...current, ...change };
    users = users.map((user) => (user === current ? changed : user));
    return changed;
  };
  return {
    byId: (oid) => users.find((user) => user.oid === oid),
    byEmail: find,
    verify(email, password) {
      const user = find(email);
      return user && user.password === password ? user : undefined;
    },
    add({ email, password, name }) {
      if (find(email)) return undefined;
      const user: DemoUser = { email: email.trim(), password, name, oid: randomUUID() };
      users = [...users, user];
      return user;
    },
    setPassword: (oid, password) => update(oid, { password }),
    setName: (oid, name) => update(oid, { name }),
    reset() {
      users = [...seed];
    },
  };
}

/** Returns the B2C-style profile claims of a user in tokens of the user flow `policy` (the `tfp` claim). */
export function claimsOf(user: DemoUser, policy: string): UserClaims {
  return {
    sub: user.oid,
    oid: user.oid,
    emails: [user.email],
    // A user without a display name gets no name claim, as B2C does when the attribute is empty.
    ...(user.name === undefined ? {} : { name: user.name }),
    tfp: policy,
    ver: '1.0',
  };
}

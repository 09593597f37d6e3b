import type { Insertable, Selectable, Updateable } from "kysely";
import type { CreatedAt, Id, Timestamp } from "./columns.js";

export const userRoles = ["customer", "admin"] as const;
export type UserRole = (typeof userRoles)[number];

export interface UsersTable {
  id: Id;
  /** Null exactly when role = 'admin' (enforced by a CHECK). */
  customer_id: string | null;
  /** Stored lower-cased (enforced by a CHECK); unique. */
  email: string;
  password_hash: string;
  role: UserRole;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Id;
  user_id: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface PasswordResetsTable {
  id: Id;
  user_id: string;
  /** Unique; only the hash of the emailed token is stored. */
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
export type PasswordReset = Selectable<PasswordResetsTable>;
export type NewPasswordReset = Insertable<PasswordResetsTable>;
export type PasswordResetUpdate = Updateable<PasswordResetsTable>;

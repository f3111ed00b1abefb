// Types of the HTTP contract, written by hand from shared/API.md. They live in this
// one file so that types generated from /api/openapi.json can replace them later.

/** A money amount as the API sends it: a decimal string in minor units ("123.450"). */
export type MoneyString = string;

/** An RFC 3339 UTC timestamp. */
export type Timestamp = string;

/** Roles a user can have. */
export type Role = 'admin' | 'staff' | 'customer';

/** The account of a person who logs in. */
export interface User {
  id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  is_active: boolean;
  customer_id: string | null;
}

/** Fields every stored entity carries. */
export interface Versioned {
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A customer of the garage. */
export interface Customer extends Versioned {
  id: string;
  user_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  address: string;
  notes: string;
}

/** Body of `POST /api/customers/`. */
export interface CustomerCreate {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  address?: string;
  notes?: string;
  username?: string;
  password?: string;
}

/** Body of `PATCH /api/customers/{id}/`. */
export type CustomerUpdate = Partial<Omit<CustomerCreate, 'username' | 'password'>>;

/** Body of `POST /api/users/`. */
export interface UserCreate {
  username: string;
  email: string;
  password: string;
  role: Role;
  first_name?: string;
  last_name?: string;
}

/** Body of `PATCH /api/users/{id}/`. */
export interface UserUpdate {
  role?: Role;
  is_active?: boolean;
  first_name?: string;
  last_name?: string;
  email?: string;
}

/** One page of a list: `{"results": [...], "next_cursor": "..." | null}`. */
export interface Page<T> {
  results: T[];
  next_cursor: string | null;
}

/** Parameters every list accepts. */
export interface PageParams {
  limit?: number;
  cursor?: string | null;
}

/** Response of `POST /api/token/` in cookie mode (the refresh token is a cookie). */
export interface LoginResponse {
  access: string;
  user: User;
}

/** Response of `POST /api/token/refresh/` in cookie mode. */
export interface RefreshResponse {
  access: string;
}

/** Response of `GET /api/notifications/unread_count/`. */
export interface UnreadCount {
  count: number;
}

/** One field error of a problem+json body. */
export interface FieldError {
  field: string;
  message: string;
}

/** An `application/problem+json` body (RFC 9457). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

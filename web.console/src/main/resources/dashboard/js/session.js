// The signed-in user: an API token from POST /api/v1/session, kept in sessionStorage (never a
// cookie), so a request from another site carries no credentials.

const KEY = "orrery.session";
const RANK = { viewer: 1, operator: 2, admin: 3 };
const listeners = new Set();

function read() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY));
    if (s && s.token && (!s.expires_at || new Date(s.expires_at) > new Date())) return s;
  } catch (e) { /* none or broken: signed out */ }
  return null;
}

export const session = {
  current: read,

  /** Signs in; resolves to the session, rejects with an ApiError (401 wrong, 429 throttled). */
  async signIn(user, password) {
    const response = await fetch("/api/v1/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ user, password }),
      credentials: "omit",
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const { ApiError } = await import("./api.js");
      throw new ApiError(response.status, body);
    }
    const s = { user: body.user, role: body.role, token: body.token, expires_at: body.expires_at };
    sessionStorage.setItem(KEY, JSON.stringify(s));
    listeners.forEach((fn) => fn(s));
    return s;
  },

  /** Signs out: the token is revoked on the server (best effort) and forgotten here. */
  async signOut() {
    const s = read();
    sessionStorage.removeItem(KEY);
    if (s) {
      try {
        await fetch("/api/v1/session", { method: "DELETE", headers: { Authorization: `Bearer ${s.token}` }, credentials: "omit" });
      } catch (e) { /* the server is gone: the token expires by itself */ }
    }
    listeners.forEach((fn) => fn(null));
  },

  /** Forgets the session without asking the server (it refused the token). */
  expire() {
    if (sessionStorage.getItem(KEY) === null) return;
    sessionStorage.removeItem(KEY);
    listeners.forEach((fn) => fn(null));
  },

  /** True when the signed-in user's role includes `role` (viewer < operator < admin). */
  may(role) {
    const s = read();
    return !!s && (RANK[s.role] || 0) >= (RANK[role] || 99);
  },

  /** fn(session or null) on every sign-in and sign-out; returns the unsubscribe function. */
  onChange(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

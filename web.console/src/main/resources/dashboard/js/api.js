// The REST API (/api/v1), with the session's Bearer token. Errors are RFC 9457 problems.
import { session } from "./session.js";

export class ApiError extends Error {
  constructor(status, body) {
    const b = body && typeof body === "object" ? body : {};
    super(b.detail || b.title || `HTTP ${status}`);
    this.status = status;
    this.title = b.title || `HTTP ${status}`;
    this.detail = b.detail || "";
    this.problems = Array.isArray(b.problems) ? b.problems : [];
    this.body = body;
  }
}

const BASE = "/api/v1";

function url(path, query) {
  const u = new URL(BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value === null || value === undefined || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) u.searchParams.append(key, v);
  }
  return u.pathname + u.search;
}

async function request(method, path, { query, body, contentType, accept = "application/json" } = {}) {
  const s = session.current();
  const headers = { Accept: accept };
  if (s) headers.Authorization = `Bearer ${s.token}`;
  let payload;
  if (body !== undefined) {
    headers["Content-Type"] = contentType || "application/json";
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(url(path, query), { method, headers, body: payload, credentials: "omit" });
  if (response.status === 401) session.expire();
  if (!response.ok) {
    const text = await response.text();
    let problem;
    try { problem = JSON.parse(text); } catch (e) { problem = { detail: text }; }
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function json(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : response.text();
}

export const api = {
  async get(path, query) { return json(await request("GET", path, { query })); },
  async getText(path, query, accept = "*/*") { return (await request("GET", path, { query, accept })).text(); },
  /** {items, next}: one page of a listing; `next` is the cursor of the next page or null. */
  async getPage(path, query) {
    const response = await request("GET", path, { query });
    return { items: await response.json(), next: response.headers.get("X-Next-Cursor") };
  },
  async post(path, body, { query, contentType } = {}) { return json(await request("POST", path, { query, body, contentType })); },
  async put(path, body, { query } = {}) { return json(await request("PUT", path, { query, body })); },
  async del(path, { query } = {}) { return json(await request("DELETE", path, { query })); },
  /** An image or other binary as an object URL (the token cannot go in an <img src>). */
  async blobUrl(path) {
    const response = await request("GET", path, { accept: "*/*" });
    return URL.createObjectURL(await response.blob());
  },
};

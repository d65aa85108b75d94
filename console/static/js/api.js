// The two public APIs, called with the user's token. Errors become a Problem (RFC 9457 title + detail).
const KEY = "astratrade.session";
let config = null;
let session = JSON.parse(sessionStorage.getItem(KEY) || "null");
let refreshing = null;

export class Problem extends Error {
  constructor(doc) {
    super(doc.detail || doc.title);
    Object.assign(this, { title: doc.title || "Error", detail: doc.detail || "", status: doc.status || 0, type: doc.type || "" });
  }
}

export async function init() {
  config = await (await fetch("config.json")).json();
}

function base(api) {
  const port = api === "command" ? config.command_api_port : config.query_api_port;
  return `${location.protocol}//${location.hostname}:${port}`;
}

export function apiBase(api) { return base(api); }
export function current() { return session; }

function claims(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(part));
}

function keep(tokens, username) {
  const c = claims(tokens.access_token);
  session = { access: tokens.access_token, refresh: tokens.refresh_token, user_id: c.sub,
              roles: c.roles || [], username: username ?? session?.username };
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function forget() {
  session = null;
  sessionStorage.removeItem(KEY);
}

export async function login(username, password) {
  keep(await call("command", "POST", "/v1/auth/token", { body: { username, password }, anonymous: true }), username);
}

export async function logout() {
  try { await call("command", "POST", "/v1/auth/logout"); } finally { forget(); }
}

async function refresh() {
  // One refresh at a time: a refresh token is single use, and reusing one revokes the whole login.
  refreshing ??= call("command", "POST", "/v1/auth/refresh", { body: { refresh_token: session.refresh }, anonymous: true })
    .then((tokens) => keep(tokens)).finally(() => { refreshing = null; });
  return refreshing;
}

async function problemOf(response) {
  const text = await response.text();
  try {
    const doc = JSON.parse(text);
    if (doc && typeof doc === "object" && (doc.title || doc.detail)) return new Problem({ status: response.status, ...doc });
  } catch { /* not JSON: below */ }
  return new Problem({ title: `HTTP ${response.status} ${response.statusText}`, detail: text.slice(0, 300), status: response.status });
}

function url(api, path, query) {
  const target = new URL(base(api) + path);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") target.searchParams.set(name, value);
  }
  return target;
}

async function send(api, method, path, options) {
  const headers = { Accept: options.accept || "application/json", ...(options.headers || {}) };
  if (session && !options.anonymous) headers.Authorization = `Bearer ${session.access}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  try {
    return await fetch(url(api, path, options.query), { method, headers, signal: options.signal,
      body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new Problem({ title: "API unreachable", detail: `${base(api)}: ${error.message}` });
  }
}

// One request; a 401 for an expired access token is refreshed once and retried.
export async function call(api, method, path, options = {}) {
  let response = await send(api, method, path, options);
  if (response.status === 401 && session?.refresh && !options.anonymous) {
    const problem = await problemOf(response);
    if (problem.type.endsWith("token_revoked") || problem.type.endsWith("token_reused")) { forget(); throw problem; }
    try { await refresh(); } catch (failed) { forget(); throw failed; }
    response = await send(api, method, path, options);
  }
  if (!response.ok) throw await problemOf(response);
  if (options.raw) return response;
  return response.status === 204 ? null : response.json();
}

export const query = (path, q, options = {}) => call("query", "GET", path, { ...options, query: q });
export const command = (method, path, body, options = {}) => call("command", method, path, { ...options, body });

// Server-Sent Events over fetch (EventSource cannot send an Authorization header); reconnects until aborted.
export function stream(path, handlers, onProblem) {
  const control = new AbortController();
  (async () => {
    let delay = 500;
    const last = { id: null };  // resumes after the last event seen (Last-Event-ID), where the stream supports it
    while (!control.signal.aborted) {
      try {
        const headers = last.id ? { "Last-Event-ID": last.id } : {};
        const response = await call("query", "GET", path, { raw: true, accept: "text/event-stream", signal: control.signal, headers });
        delay = 500;
        await readEvents(response.body, handlers, last);
      } catch (error) {
        if (control.signal.aborted) return;
        if (error instanceof Problem && onProblem) onProblem(error);
        if (error instanceof Problem && error.status >= 400 && error.status < 500 && error.status !== 429) return;
      }
      await new Promise((done) => setTimeout(done, delay));
      delay = Math.min(delay * 2, 10000);
    }
  })();
  return () => control.abort();
}

async function readEvents(body, handlers, last) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { event: "message", data: "", id: null };
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(":");
        const text = rest.join(":").replace(/^ /, "");
        if (field === "event") event.event = text;
        else if (field === "data") event.data += (event.data ? "\n" : "") + text;
        else if (field === "id") event.id = text;
      }
      if (event.id) last.id = event.id;
      if (event.data && handlers[event.event]) handlers[event.event](JSON.parse(event.data), event.id);
    }
  }
}

// A download the browser saves: fetched with the token (a plain link could not carry it).
export async function download(path, q, filename, accept) {
  const response = await call("query", "GET", path, { query: q, raw: true, accept });
  const blob = await response.blob();
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  return blob;
}

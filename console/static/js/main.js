// The console: hash routes, role-aware navigation, the login form, live notifications.
import * as api from "./api.js";
import { h, field, input, form, toast, button } from "./ui.js";
import { TRADER } from "./views/trader.js";
import { MARKET } from "./views/market.js";
import { SOCIAL } from "./views/social.js";
import { STRATEGIES } from "./views/strategies.js";
import { COMPLIANCE } from "./views/compliance.js";
import { ANALYST } from "./views/analyst.js";
import { OPERATORS } from "./views/operators.js";
import { load as loadCharts } from "./charts.js";

// Each group is shown to the roles named (the APIs enforce them anyway).
const GROUPS = [
  ["Trading", null, { ...TRADER, ...MARKET }],
  ["Community", null, SOCIAL],
  ["Strategies", ["trader"], STRATEGIES],
  ["Compliance", ["compliance", "admin"], COMPLIANCE],
  ["Analytics", ["analyst", "admin"], ANALYST],
  ["Operations", ["admin"], OPERATORS],
];

let cleanup = null;
let notifications = null;

function allowed() {
  const roles = new Set(api.current()?.roles || []);
  return GROUPS.filter(([, need]) => !need || need.some((r) => roles.has(r)));
}

function views() { return Object.assign({}, ...allowed().map(([, , v]) => v)); }

function renderNav(active) {
  const nav = document.getElementById("nav");
  if (!api.current()) { nav.replaceChildren(); return; }
  nav.replaceChildren(h("ul", {}, allowed().map(([group, , entries]) => [
    h("li", { class: "group", "aria-hidden": "true" }, group),
    ...Object.entries(entries).map(([path, view]) => h("li", {},
      h("a", { href: `#/${path}`, "aria-current": path === active ? "page" : null }, view.title))),
  ])));
}

function renderSession() {
  const box = document.getElementById("session");
  const me = api.current();
  box.replaceChildren(...(me ? [h("span", {}, `${me.username} (${me.roles.join(", ")})`),
    button("Log out", async () => { await api.logout().catch(() => {}); route(); })] : []));
}

function loginView(main) {
  main.replaceChildren(h("h1", {}, "Log in"), h("section", { class: "card", "aria-label": "Log in" },
    form([field("Username", input("username", { required: true, autocomplete: "username" })),
          field("Password", input("password", { type: "password", required: true, autocomplete: "current-password" }))],
    "Log in", async ({ username, password }) => { await api.login(username, password); location.hash = "#/portfolio"; route(); },
    { "aria-label": "Log in" }),
    h("p", { class: "muted" }, "API documentation: ",
      h("a", { href: `${api.apiBase("command")}/docs` }, "command API"), ", ",
      h("a", { href: `${api.apiBase("query")}/docs` }, "query API"), ".")));
}

function listen() {
  notifications?.();
  notifications = api.current() ? api.stream("/v1/stream/me", {
    notification: (n) => { toast(`${n.kind.replaceAll("_", " ")}: ${summary(n.data)}`); dispatchEvent(new CustomEvent("notification", { detail: n })); },
  }) : null;
}

const summary = (data) => Object.entries(data || {}).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(", ");

let generation = 0;

// Renders the view of the hash. A view still loading when the user moves on renders into a detached
// element and is stopped as soon as it returns: it never lands on, or leaves streams behind, another view.
export async function route() {
  const mine = ++generation;
  cleanup?.();
  cleanup = null;
  const main = document.getElementById("main");
  renderSession();
  if (!api.current()) { renderNav(null); notifications?.(); notifications = null; loginView(main); return; }
  if (!notifications) listen();
  const available = views();
  const path = location.hash.replace(/^#\//, "").split("?")[0] || "portfolio";
  const view = available[path] || available.portfolio;
  const shown = available[path] ? path : "portfolio";
  renderNav(shown);
  document.title = `${view.title} · AstraTrade console`;
  const page = h("div", {});
  main.replaceChildren(h("h1", {}, view.title), page);
  delete main.dataset.ready;
  if (view.charts) await loadCharts();
  const stop = (await view.render(page)) || null;
  if (mine !== generation) { stop?.(); return; }
  cleanup = stop;
  main.dataset.ready = shown;  // its first read is shown (the browser tests wait for this)
}

addEventListener("hashchange", () => { route(); document.getElementById("main").focus(); });
// The skip link focuses the content without touching the hash (the hash is the route).
document.querySelector(".skip").addEventListener("click", (event) => { event.preventDefault(); document.getElementById("main").focus(); });
await api.init();
await route();
performance.mark("console-rendered");  // the first view is on screen: what the browser tests measure

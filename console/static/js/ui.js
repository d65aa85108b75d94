// Small DOM helpers: elements, labelled fields, tables, problems. No framework, no build.
import { Problem } from "./api.js";

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

let ids = 0;
// A labelled control: every input has a visible <label> (axe: "label").
export function field(label, control) {
  control.id ||= `f${++ids}`;
  return h("label", { for: control.id }, label, control);
}

export function input(name, attrs = {}) { return h("input", { name, ...attrs }); }

export function select(name, options, attrs = {}) {
  return h("select", { name, ...attrs }, options.map((o) => {
    const [value, text] = Array.isArray(o) ? o : [o, o];
    return h("option", { value }, text);
  }));
}

// A form whose submit runs `action(values)`; its problem (or result) shows under it.
export function form(fields, submitLabel, action, attrs = {}) {
  const out = h("div", { class: "result" });
  const element = h("form", { class: "inline", ...attrs }, fields, h("button", { type: "submit" }, submitLabel));
  const wrapper = h("div", {}, element, out);
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    out.replaceChildren();
    const values = Object.fromEntries([...new FormData(element)].filter(([, v]) => v !== ""));
    try {
      const shown = await action(values, element);
      if (shown) out.append(shown);
    } catch (error) { out.append(problemBox(error)); }
  });
  return wrapper;
}

export function problemBox(error) {
  if (!(error instanceof Problem)) console.warn(error);
  const title = error instanceof Problem ? error.title : "Unexpected error";
  return h("div", { class: "problem", role: "alert" }, h("strong", {}, title), error.detail ?? error.message ?? "");
}

export function ok(text) { return h("div", { class: "ok", role: "status" }, text); }

// Runs `load` and shows what it rendered, or its problem, in `target`.
export async function show(target, load) {
  try {
    const content = await load();
    target.replaceChildren(...[content].flat().filter(Boolean));
  } catch (error) {
    if (error.name === "AbortError") return;
    target.replaceChildren(problemBox(error));
  }
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
// columns: [[heading, row => value or Node]]
export function table(caption, columns, rows, empty = "Nothing yet.") {
  if (!rows.length) return h("p", { class: "muted" }, `${caption}: ${empty}`);
  return h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
    h("table", {}, h("caption", {}, caption),
      h("thead", {}, h("tr", {}, columns.map(([name]) => h("th", { scope: "col" }, name)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, columns.map(([, get]) => cell(get(row))))))));
}

function cell(value) {
  if (value instanceof Node) return h("td", {}, value);
  const text = value === null || value === undefined ? "—" : String(value);
  const numeric = NUMERIC.test(text);
  const sign = numeric && text.startsWith("-") ? "neg" : "";
  return h("td", { class: [numeric ? "num" : "", sign].join(" ").trim() || null }, text);
}

export function figures(pairs) {
  return h("dl", { class: "figures" }, pairs.map(([name, value]) => h("div", {}, h("dt", {}, name), h("dd", {}, value ?? "—"))));
}

export function card(title, ...children) {
  return h("section", { class: "card", "aria-label": title }, h("h2", {}, title), ...children);
}

export function button(text, onclick, attrs = {}) { return h("button", { type: "button", onclick, ...attrs }, text); }

export function toast(text) {
  const box = h("div", { class: "toast" }, text);
  document.getElementById("toasts").append(box);
  setTimeout(() => box.remove(), 8000);
}

export const short = (id) => (id ? String(id).slice(0, 8) : "—");
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
// An <input type="datetime-local"> value (local time) as ISO 8601 with offset, as the APIs want.
export const isoOf = (local) => (local ? new Date(local).toISOString() : undefined);

// Analyst: traded volume, active traders and the realized P&L distribution, as charts with CSV.
import { query, download } from "../api.js";
import { h, field, input, select, form, table, card, button, problemBox } from "../ui.js";
import { chart, line, bars, points } from "../charts.js";

const local = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

async function analystView(main) {
  const now = new Date();
  const volume = h("div", {}), active = h("div", {}), pnl = h("div", {});
  const range = form([field("From", input("from", { type: "datetime-local", value: local(new Date(now - 86400000)), required: true })),
    field("To", input("to", { type: "datetime-local", value: local(new Date(now.getTime() + 3600000)), required: true })),
    field("Interval", select("interval", [["hour", "Hour"], ["day", "Day"]])), field("Symbol (volume)", input("symbol", { placeholder: "all" })),
    field("P&L window", select("window", [["", "The range above"], ["day", "Last day"], ["week", "Last week"], ["all", "All time"]]))],
  "Show", async (v) => draw(v, volume, active, pnl), { "aria-label": "Analytics range" });
  main.append(card("Range", range), card("Volume (USD notional)", volume), card("Active traders", active), card("Realized P&L distribution", pnl));
  await draw({ from: local(new Date(now - 86400000)), to: local(new Date(now.getTime() + 3600000)), interval: "hour" }, volume, active, pnl);
}

async function draw(v, volume, active, pnl) {
  const span = { from: new Date(v.from).toISOString(), to: new Date(v.to).toISOString(), interval: v.interval };
  const csv = (path, q, name) => button(`Download ${name} CSV`, (event) => download(path, q, `${name}.csv`, "text/csv")
    .catch((error) => event.target.after(problemBox(error))), { class: "secondary" });
  await Promise.all([
    panel(volume, async () => {
      const q = { ...span, symbol: v.symbol, limit: 1000 };
      const rows = (await query("/v1/analytics/volume", q)).rows;
      return [csv("/v1/analytics/volume", q, "volume"), plot((c) => bars(c, sum(rows, "volume"))),
        table("Volume by bucket and symbol", [["Bucket", (r) => r.bucket_start], ["Symbol", (r) => r.symbol], ["Volume", (r) => r.volume],
          ["Trades", (r) => r.trade_count], ["Fees", (r) => r.fees], ["Net P&L", (r) => r.net_pnl]], rows, "no trade in the range.")];
    }),
    panel(active, async () => {
      const rows = (await query("/v1/analytics/active-traders", span)).rows;
      return [csv("/v1/analytics/active-traders", span, "active-traders"), plot((c) => line(c, points(rows, (r) => r.bucket_start, (r) => r.active_traders)))];
    }),
    panel(pnl, async () => {
      const q = v.window ? { window: v.window } : { from: span.from, to: span.to };
      return [csv("/v1/analytics/pnl-distribution", q, "pnl-distribution"), quantiles(await query("/v1/analytics/pnl-distribution", q))];
    }),
  ]);
}

async function panel(target, load) {
  try { target.replaceChildren(...await load()); } catch (error) { target.replaceChildren(problemBox(error)); }
}

function plot(draw) {
  const box = h("div", { class: "chart small", role: "img", "aria-label": "Chart" });
  queueMicrotask(() => { const c = chart(box); draw(c); c.timeScale().fitContent(); });
  return box;
}

// Totals per bucket over the symbols, for the bars only (the table keeps each row's decimal string).
function sum(rows, key) {
  const totals = new Map();
  for (const r of rows) totals.set(r.bucket_start, (totals.get(r.bucket_start) || 0) + Number(r[key]));
  return points([...totals].map(([t, value]) => ({ t, value })), (p) => p.t, (p) => p.value);
}

function quantiles(d) {
  const names = ["min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "max"];
  const widest = Math.max(...names.map((n) => Math.abs(Number(d[n] || 0))), 1);
  return h("div", {}, h("p", {}, `${d.count} closed trades, sum ${d.sum ?? "—"}, mean ${d.mean ?? "—"} USD.`),
    table("Quantiles of net realized P&L (USD)", [["Quantile", (n) => n], ["Value", (n) => d[n]],
      ["", (n) => h("span", { class: Number(d[n]) < 0 ? "neg" : "pos", "aria-hidden": "true" }, "█".repeat(Math.round((Math.abs(Number(d[n] || 0)) / widest) * 20)))]], names));
}

export const ANALYST = { analytics: { title: "Analytics", render: analystView, charts: true } };

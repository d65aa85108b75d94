// Analyst: traded volume, active traders, the realized P&L distribution and engagement, as charts with CSV.
import { query, download } from "../api.js";
import { h, field, input, select, form, table, card, button, problemBox } from "../ui.js";
import { chart, line, bars, points } from "../charts.js";

const local = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

async function analystView(main) {
  const now = new Date();
  const volume = h("div", {}), active = h("div", {}), pnl = h("div", {}), engaged = h("div", {});
  const range = form([field("From", input("from", { type: "datetime-local", value: local(new Date(now - 86400000)), required: true })),
    field("To", input("to", { type: "datetime-local", value: local(new Date(now.getTime() + 3600000)), required: true })),
    field("Interval", select("interval", [["hour", "Hour"], ["day", "Day"]])), field("Symbol (volume)", input("symbol", { placeholder: "all" })),
    field("P&L window", select("window", [["", "The range above"], ["day", "Last day"], ["week", "Last week"], ["all", "All time"]]))],
  "Show", async (v) => draw(v, volume, active, pnl, engaged), { "aria-label": "Analytics range" });
  main.append(card("Range", range), card("Volume (USD notional)", volume), card("Active traders", active), card("Realized P&L distribution", pnl),
    card("Engagement", engaged));
  await draw({ from: local(new Date(now - 86400000)), to: local(new Date(now.getTime() + 3600000)), interval: "hour" }, volume, active, pnl, engaged);
}

async function draw(v, volume, active, pnl, engaged) {
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
    panel(engaged, async () => {
      const q = days(span);
      const d = await query("/v1/analytics/engagement", q);
      return [csv("/v1/analytics/engagement", q, "engagement"), plot((c) => {
        bars(c, points(d.rows, (r) => r.day, (r) => r.xp_earned));
        line(c, points(d.rows, (r) => r.day, (r) => r.achievements_unlocked), { priceScaleId: "left", color: "#b45309" });
        c.priceScale("left").applyOptions({ visible: true });
      }, "XP earned per day (bars, right scale) and achievements unlocked per day (line, left scale)"),
      table("Engagement per UTC day", [["Day", (r) => r.day], ["XP earned", (r) => r.xp_earned], ["XP awards", (r) => r.xp_awards],
        ["Flagged awards", (r) => r.flagged_awards], ["Users earning", (r) => r.users_earning], ["Achievements unlocked", (r) => r.achievements_unlocked]], d.rows),
      table("Unlocks by achievement", [["Achievement", ([name]) => name], ["Unlocked", ([, n]) => n]], Object.entries(d.achievements), "none in the range."),
      table("Largest clans (now)", [["Clan", (c) => c.name], ["Members", (c) => c.members]], d.largest_clans, "no clan yet.")];
    }),
  ]);
}

async function panel(target, load) {
  try { target.replaceChildren(...await load()); } catch (error) { target.replaceChildren(problemBox(error)); }
}

// Engagement is kept per UTC day: the whole days the range touches (the API counts the days starting in it),
// within its 366 days.
function days(span) {
  const start = new Date(span.from);
  start.setUTCHours(0, 0, 0, 0);
  if (new Date(span.to) - start > 366 * 86400000) start.setUTCDate(start.getUTCDate() + 1);
  return { from: start.toISOString(), to: span.to };
}

function plot(draw, label = "Chart") {
  const box = h("div", { class: "chart small", role: "img", "aria-label": label });
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

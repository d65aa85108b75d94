// Strategies: backtests (form generated from the strategy's JSON Schema), progress, equity curve and
// trades; optimisation grids as a table and a heat map; bots. Shapes: docs/strategies-api.md. Each read
// after a command passes the command's log position (min_position), so the read model has it.
import { query, command, Problem } from "../api.js";
import { h, field, input, select, form, table, figures, card, button, show, ok, short, when, isoOf, problemBox } from "../ui.js";
import { chart, line, points } from "../charts.js";

const schemaOf = (s) => s.params_schema || { properties: {} };

// One labelled input per property of the schema; integers as numbers, decimals as strings.
function paramFields(schema, prefix = "param.") {
  return Object.entries(schema.properties || {}).map(([name, p]) => {
    const integer = p.type === "integer";
    return field(`${p.title || name}${p.description ? ` (${p.description})` : ""}`, input(prefix + name, {
      type: integer ? "number" : "text", inputmode: integer ? null : "decimal", min: p.minimum, max: p.maximum,
      value: p.default, required: (schema.required || []).includes(name) }));
  });
}

function paramsOf(values, schema, prefix = "param.") {
  const params = {};
  for (const [name, p] of Object.entries(schema.properties || {})) {
    const raw = values[prefix + name];
    if (raw !== undefined) params[name] = p.type === "integer" ? Number(raw) : p.type === "number" ? Number(raw) : raw;
  }
  return params;
}

const commonFields = () => [field("Symbol", input("symbol", { required: true, value: "BTC-USD" })),
  field("Interval", select("interval", ["1m", "5m", "15m", "1h", "4h", "1d"])),
  field("From", input("from", { type: "datetime-local", required: true })), field("To", input("to", { type: "datetime-local", required: true })),
  field("Initial cash (USD)", input("initial_cash", { inputmode: "decimal", value: "10000.00" })),
  field("Quantity per trade", input("quantity", { inputmode: "decimal" })), field("or equity fraction", input("equity_fraction", { inputmode: "decimal", value: "0.5" })),
  field("Leverage", input("leverage", { type: "number", min: 1, max: 10, value: 1 })),
  field("Fill", select("fill", [["close", "Signal candle's close"], ["next_open", "Next candle's open"]])),
  field("Fee rate", input("fee_rate", { inputmode: "decimal", value: "0.001" }))];

const runOf = (v) => ({ symbol: v.symbol, interval: v.interval, from: isoOf(v.from), to: isoOf(v.to), initial_cash: v.initial_cash,
  quantity: v.quantity, equity_fraction: v.quantity ? undefined : v.equity_fraction, leverage: Number(v.leverage || 1), fill: v.fill,
  fee_rate: v.fee_rate });

async function strategiesView(main) {
  const picker = h("div", {}), backtest = h("div", {}), optimisation = h("div", {});
  main.append(card("Strategy", picker), card("Backtest", backtest), card("Optimisation", optimisation));
  await show(picker, async () => {
    const strategies = (await query("/v1/strategies")).strategies;
    if (!strategies.length) return h("p", {}, "No strategy is offered.");
    const choose = select("strategy", strategies.map((s) => [s.name, s.name]));
    const pick = () => {
      const s = strategies.find((x) => x.name === choose.value);
      backtest.replaceChildren(backtestForm(s));
      optimisation.replaceChildren(optimisationForm(s));
    };
    choose.addEventListener("change", pick);
    queueMicrotask(pick);
    return h("form", { class: "inline", "aria-label": "Strategy" }, field("Strategy", choose));
  });
}

function backtestForm(strategy) {
  const result = h("div", {});
  const schema = schemaOf(strategy);
  return h("div", {}, h("p", { class: "muted" }, strategy.description || ""), form([...paramFields(schema), ...commonFields()], "Run backtest", async (v) => {
    const r = await command("POST", "/v1/backtests", { strategy: strategy.name, params: paramsOf(v, schema), ...runOf(v) });
    follow(r.backtest_id, r.position, result);
    return ok(`Backtest ${short(r.backtest_id)} queued.`);
  }, { "aria-label": "Backtest" }), result);
}

// Polls the backtest until it is done or failed, showing its progress, then its results.
function follow(id, position, target) {
  const progress = h("progress", { max: 100, value: 0, "aria-label": "Backtest progress", class: "wide" });
  const status = h("p", { role: "status" }, "Status queued: 0 %");
  target.replaceChildren(status, progress);
  const tick = async () => {
    try {
      const b = await query(`/v1/backtests/${id}`, { min_position: position });
      progress.value = Number(b.progress || 0);
      status.textContent = `Status ${b.status}: ${b.progress} %`;
      if (b.status === "done") { target.replaceChildren(status, progress, results(b)); return; }
      if (b.status === "failed") { target.replaceChildren(problemBox(new Problem({ title: "Backtest failed", detail: b.failure || "" }))); return; }
      setTimeout(tick, 500);
    } catch (error) { target.replaceChildren(problemBox(error)); }
  };
  tick();
}

function results(b) {
  const s = b.stats || {};
  const box = h("div", { class: "chart small", role: "img", "aria-label": "Equity curve" });
  queueMicrotask(() => {
    const drawn = chart(box);
    line(drawn, points(b.equity_curve || [], (p) => p.at, (p) => p.equity));
    drawn.timeScale().fitContent();  // the whole run across the width, whatever its length
  });
  return h("div", {}, figures([["Trades", s.trades], ["Net P&L", s.net_pnl], ["Return %", s.return_pct], ["Max drawdown %", s.max_drawdown_pct],
    ["Sharpe", s.sharpe], ["Win rate %", s.win_rate_pct], ["Fees", s.fees], ["Final equity", s.final_equity]]), box,
  h("p", { class: "muted" }, `Backtest ${b.backtest_id}, results digest ${b.results_digest}`),
  table("Backtest trades", [["Side", (t) => t.side], ["Quantity", (t) => t.quantity], ["Entry", (t) => t.entry_price], ["Entered", (t) => when(t.entry_at)],
    ["Exit", (t) => t.exit_price], ["Exited", (t) => when(t.exit_at)], ["Fees", (t) => t.fees], ["Net P&L", (t) => t.net_pnl], ["Ended by", (t) => t.ended_by]], b.trades || []));
}

function optimisationForm(strategy) {
  const result = h("div", {});
  const schema = schemaOf(strategy);
  const grid = Object.keys(schema.properties || {}).map((name) => field(`${name} values (comma-separated)`, input(`grid.${name}`, { required: true })));
  return h("div", {}, form([...grid, field("Rank by", select("metric", ["net_pnl", "return_pct", "sharpe", "max_drawdown_pct", "win_rate_pct", "final_equity"])), ...commonFields()],
    "Run optimisation", async (v) => {
      const values = Object.fromEntries(Object.keys(schema.properties || {}).map((name) => [name,
        v[`grid.${name}`].split(",").map((x) => x.trim()).filter(Boolean).map((x) => (schema.properties[name].type === "integer" ? Number(x) : x))]));
      const r = await command("POST", "/v1/optimizations", { strategy: strategy.name, grid: values, metric: v.metric, ...runOf(v) });
      pollOptimisation(r.optimization_id, r.position, v.metric, result);
      return ok(`Optimisation ${short(r.optimization_id)} queued: ${r.combinations} combinations.`);
    }, { "aria-label": "Optimisation" }), result);
}

function pollOptimisation(id, position, metric, target) {
  const tick = async () => {
    try {
      const o = await query(`/v1/optimizations/${id}`, { min_position: position });
      const status = h("p", { role: "status" }, `Optimisation ${id} ${o.status}: ${o.finished} of ${o.combinations} runs finished.`);
      if (o.status !== "done") { target.replaceChildren(status); setTimeout(tick, 500); return; }
      const rows = o.ranking.filter((r) => r.stats);
      target.replaceChildren(status, heatMap(rows, o.metric || metric), table("Ranking", [["Rank", (r) => r.rank], ["Parameters", (r) => JSON.stringify(r.params)],
        [o.metric || metric, (r) => r.stats[o.metric || metric]], ["Trades", (r) => r.stats.trades], ["Backtest", (r) => short(r.backtest_id)]], rows));
    } catch (error) { target.replaceChildren(problemBox(error)); }
  };
  tick();
}

// The first two parameters as rows and columns, each cell shaded by the metric (text keeps the value).
function heatMap(rows, metric) {
  const names = Object.keys(rows[0]?.params || {});
  if (names.length < 2) return h("p", { class: "muted" }, "A heat map needs two parameters.");
  const [a, b] = names;
  // Axes in ascending order of the values (the ranking's order would scramble them).
  const axis = (name) => [...new Set(rows.map((r) => r.params[name]))].sort((p, q) => (+p - +q) || String(p).localeCompare(String(q)));
  const xs = axis(a), ys = axis(b);
  const value = (x, y) => (rows.find((r) => r.params[a] === x && r.params[b] === y)?.stats || {})[metric];
  const all = rows.map((r) => +(r.stats[metric])).filter(Number.isFinite);
  const lo = Math.min(...all), hi = Math.max(...all);
  const shade = (v) => `hsl(${Math.round(((+v - lo) / (hi - lo || 1)) * 120)}, 70%, 75%)`;
  return h("table", { class: "heat" }, h("caption", {}, `${metric} by ${a} (rows) and ${b} (columns)`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, `${a} \\ ${b}`), ys.map((y) => h("th", { scope: "col" }, String(y))))),
    h("tbody", {}, xs.map((x) => h("tr", {}, h("th", { scope: "row" }, String(x)),
      ys.map((y) => { const v = value(x, y); return h("td", { style: v === undefined ? null : `background:${shade(v)}` }, v ?? "—"); })))));
}

async function botsView(main) {
  const list = h("div", {});
  // position: the log position of the last start or stop, so the list includes it.
  const load = (position) => show(list, async () => table("Bots", [["Bot", (b) => short(b.bot_id)], ["Strategy", (b) => b.strategy], ["Symbol", (b) => b.symbol],
    ["Interval", (b) => b.interval], ["Status", (b) => b.status], ["Decisions", (b) => b.decisions], ["Exposure", (b) => b.exposure],
    ["Last candle", (b) => when(b.last_candle_at)], ["Last refused", (b) => b.last_refused ?? ""], ["Started", (b) => when(b.started_at)],
    ["", (b) => (b.status === "stopped" ? "" : button(`Stop ${short(b.bot_id)}`, async (event) => {
      try { await load((await command("DELETE", `/v1/bots/${b.bot_id}`)).position); } catch (error) { event.target.after(problemBox(error)); }
    }, { class: "danger" }))]], (await query("/v1/bots", { min_position: position })).bots, "no bot yet."));
  const starter = h("div", {});
  main.append(card("Start a bot", h("p", { class: "muted" }, "It trades on this account, on each closing candle of the symbol."), starter),
    card("My bots", list));
  await Promise.all([show(starter, async () => botForm((await query("/v1/strategies")).strategies, load)), load()]);
}

// The strategies offered (GET /v1/strategies) to choose from; the chosen one's parameters as fields generated
// from its JSON Schema (as the backtest form's), with its defaults and ranges; the API checks them again.
function botForm(strategies, load) {
  const choose = select("strategy", strategies.map((s) => s.name));
  if (strategies.some((s) => s.name === "sma_cross")) choose.value = "sma_cross";
  const chosen = () => schemaOf(strategies.find((s) => s.name === choose.value) || {});
  const params = h("div", { class: "params" });
  const pick = () => params.replaceChildren(...paramFields(chosen()));
  choose.addEventListener("change", pick);
  pick();
  return form([field("Strategy", choose), params, field("Symbol", input("symbol", { required: true, value: "BTC-USD" })),
    field("Interval", select("interval", ["1m", "5m", "15m", "1h", "4h", "1d"])), field("Quantity", input("quantity", { inputmode: "decimal" })),
    field("or equity fraction", input("equity_fraction", { inputmode: "decimal", value: "0.1" })),
    field("Leverage", input("leverage", { type: "number", min: 1, max: 10, value: 1 }))], "Start bot", async (v) => {
    const r = await command("POST", "/v1/bots", { strategy: v.strategy, params: paramsOf(v, chosen()), symbol: v.symbol, interval: v.interval,
      quantity: v.quantity, equity_fraction: v.quantity ? undefined : v.equity_fraction, leverage: Number(v.leverage || 1) });
    await load(r.position);
    return ok(`Bot ${short(r.bot_id)}: ${r.status}.`);
  }, { "aria-label": "Start a bot" });
}

export const STRATEGIES = {
  strategies: { title: "Backtests", render: strategiesView, charts: true },
  bots: { title: "Bots", render: botsView },
};

// Trader: portfolio (live unrealized P&L), positions and their exits, the order ticket, orders, history.
import { query, command, stream, download } from "../api.js";
import { h, field, input, select, form, table, figures, card, button, show, ok, short, when, isoOf, problemBox } from "../ui.js";

const USD = (map) => (map && map.USD) || "0.00";

async function portfolioView(main) {
  const summary = h("div", {}), positions = h("div", {}), actions = h("div", {});
  const stops = new Map();
  let timer = null;
  const load = (minPosition) => show(summary, async () => {
    const p = await query("/v1/portfolios/me", { min_position: minPosition });
    positions.replaceChildren(positionsTable(p.positions, actions, () => load()));
    follow(p.positions.map((x) => x.symbol));
    return figures([["Equity (USD)", p.equity], ["Cash", USD(p.cash)], ["Reserved margin", USD(p.reserved_margin)],
      ["Held by orders", USD(p.held_by_orders)], ["Unrealized P&L", p.unrealized_pnl], ["Realized P&L", p.realized_pnl],
      ["Closed positions", p.closed_positions], ["As of position", p.as_of_position]]);
  });
  // Live: a tick of a held symbol re-reads the portfolio once the portfolio has applied it (min_position).
  const follow = (symbols) => {
    for (const symbol of new Set(symbols)) {
      if (!stops.has(symbol)) stops.set(symbol, stream(`/v1/stream/market/${symbol}`, { tick: (_, id) => {
        clearTimeout(timer);
        timer = setTimeout(() => load(id), 250);
      } }));
    }
  };
  const refresh = () => load();
  addEventListener("notification", refresh);
  main.append(card("Summary", summary), card("Positions", positions, actions),
    h("div", { class: "cols" }, card("Deposit", form([field("Amount (USD)", input("amount", { required: true, inputmode: "decimal", pattern: "\\d+(\\.\\d{1,2})?" }))],
      "Deposit", async ({ amount }) => { const r = await command("POST", "/v1/wallet/deposits", { amount, currency: "USD" }); await load(r.position); return ok(`Deposited ${amount} USD.`); })),
    card("Withdraw", form([field("Amount (USD)", input("amount", { required: true, inputmode: "decimal" })),
      field("Starknet address (optional)", input("starknet_address"))],
      "Withdraw", async ({ amount, starknet_address }) => {
        const r = await command("POST", "/v1/wallet/withdrawals", { amount, currency: "USD", starknet_address });
        await load(r.position); return ok(`Withdrawal ${short(r.withdrawal_id)} requested.`); }))));
  await load();
  return () => { removeEventListener("notification", refresh); clearTimeout(timer); stops.forEach((stop) => stop()); };
}

function positionsTable(rows, actions, reload) {
  return table("Open positions", [["Position", (p) => short(p.position_id)], ["Symbol", (p) => p.symbol], ["Side", (p) => p.side],
    ["Quantity", (p) => p.quantity], ["Leverage", (p) => p.leverage], ["Entry", (p) => p.entry_price], ["Mark", (p) => p.mark_price],
    ["Unrealized P&L", (p) => p.unrealized_pnl], ["Margin", (p) => p.margin], ["Liquidation", (p) => p.liquidation_price],
    ["", (p) => button(`Manage ${short(p.position_id)}`, () => actions.replaceChildren(manage(p, reload)), { class: "secondary" })]],
  rows, "no open position.");
}

// Close (all or part), exits (stop loss, take profit, trailing stop) and margin of one position.
function manage(p, reload) {
  const path = `/v1/positions/${p.position_id}`;
  const done = (text) => async (r) => { await reload(); return ok(`${text} (log position ${r.position}).`); };
  const exits = (values) => Object.fromEntries(["stop_loss", "take_profit", "trailing_stop_pct"].map((k) => [k, values[k] ?? null]));
  return h("div", { class: "cols" },
    card(`Close ${p.symbol} ${short(p.position_id)}`, form([field("Quantity (empty: all)", input("quantity", { inputmode: "decimal" }))], "Close",
      (v) => command("POST", `${path}/close`, v.quantity ? { quantity: v.quantity } : undefined).then(done("Closed")))),
    card("Exits", h("p", { class: "muted" }, "Empty fields remove that exit."),
      form([field("Stop loss", input("stop_loss", { inputmode: "decimal" })), field("Take profit", input("take_profit", { inputmode: "decimal" })),
        field("Trailing stop %", input("trailing_stop_pct", { inputmode: "decimal" }))], "Set exits",
      (v) => command("PUT", `${path}/exits`, exits(v)).then(done("Exits set")))),
    card("Add margin", form([field("Amount (USD)", input("amount", { required: true, inputmode: "decimal" }))], "Add margin",
      (v) => command("POST", `${path}/margin`, v).then(done("Margin added")))));
}

async function instruments() {
  try { return (await query("/v1/market/instruments")).instruments.map((i) => i.symbol); } catch { return []; }
}

async function orderView(main) {
  const symbols = await instruments();
  const list = h("div", {});
  const reload = (min) => show(list, async () => ordersTable((await query("/v1/orders", { min_position: min })).orders, reload));
  const symbol = symbols.length ? select("symbol", symbols) : input("symbol", { required: true, placeholder: "BTC-USD" });
  const ticket = form([
    field("Type", select("type", [["market", "Market"], ["limit", "Limit"], ["stop", "Stop"]])), field("Symbol", symbol),
    field("Side", select("side", [["long", "Long (buy)"], ["short", "Short (sell)"]])),
    field("Quantity", input("quantity", { required: true, inputmode: "decimal" })),
    field("Leverage", input("leverage", { type: "number", min: 1, max: 100, value: 1 })),
    field("Limit price", input("limit_price", { inputmode: "decimal" })), field("Stop price", input("stop_price", { inputmode: "decimal" })),
    field("Time in force", select("time_in_force", [["gtc", "Good till cancelled"], ["ioc", "Immediate or cancel"], ["gtd", "Good till date"]])),
    field("Expires at (gtd)", input("expires_at", { type: "datetime-local" })),
    field("Add to position id", input("position_id")), field("Stop loss", input("stop_loss", { inputmode: "decimal" })),
    field("Take profit", input("take_profit", { inputmode: "decimal" })), field("Trailing stop %", input("trailing_stop_pct", { inputmode: "decimal" })),
  ], "Place order", async (v) => {
    const body = { ...v, leverage: Number(v.leverage || 1), expires_at: isoOf(v.expires_at) };
    const r = await command("POST", "/v1/orders", body);
    await reload(r.position);
    return ok(`Order ${short(r.order_id)}: ${r.status}${r.fill_price ? ` at ${r.fill_price}` : ""}; reserved ${r.reserved}.`);
  }, { "aria-label": "Order ticket" });
  const refresh = () => reload();
  addEventListener("notification", refresh);
  main.append(card("Order ticket", ticket), card("My orders", list));
  await reload();
  return () => removeEventListener("notification", refresh);
}

function ordersTable(rows, reload) {
  return table("Orders", [["Order", (o) => short(o.order_id)], ["Type", (o) => o.type], ["Symbol", (o) => o.symbol], ["Side", (o) => o.side],
    ["Quantity", (o) => o.quantity], ["Limit", (o) => o.limit_price], ["Stop", (o) => o.stop_price], ["Status", (o) => o.status],
    ["Average fill", (o) => o.average_fill_price], ["Reserved", (o) => o.reserved], ["Placed", (o) => when(o.placed_at)],
    ["", (o) => (o.status === "open" ? button(`Cancel ${short(o.order_id)}`, async (event) => {
      try { const r = await command("DELETE", `/v1/orders/${o.order_id}`); await reload(r.position); }
      catch (error) { event.target.after(problemBox(error)); }
    }, { class: "danger" }) : "")]], rows, "no order yet.");
}

async function historyView(main) {
  const trades = h("div", {}), ledger = h("div", {});
  const csv = (path, name) => button(`Download ${name} CSV`, (event) => download(path, { format: "csv", limit: 1000 }, `${name}.csv`, "text/csv")
    .catch((error) => event.target.after(problemBox(error))), { class: "secondary" });
  main.append(card("Trades", csv("/v1/history/trades", "trades"), trades), card("Statement", csv("/v1/history/ledger", "statement"), ledger));
  await Promise.all([
    show(trades, async () => table("Trades", [["Closed", (t) => when(t.closed_at)], ["Symbol", (t) => t.symbol], ["Side", (t) => t.side],
      ["Quantity", (t) => t.quantity], ["Entry", (t) => t.entry_price], ["Exit", (t) => t.exit_price], ["Gross P&L", (t) => t.gross_pnl],
      ["Fees", (t) => t.fees], ["Net P&L", (t) => t.net_pnl], ["Ended by", (t) => t.ended_by], ["Flags", (t) => t.flags.join(", ")]],
    (await query("/v1/history/trades", { limit: 200 })).trades, "no closed trade.")),
    show(ledger, async () => table("Statement", [["When", (e) => when(e.occurred_at)], ["Kind", (e) => e.kind],
      ["Amount", (e) => e.amount], ["Balance", (e) => e.balance]], (await query("/v1/history/ledger", { limit: 200 })).entries, "no movement.")),
  ]);
}

export const TRADER = {
  portfolio: { title: "Portfolio", render: portfolioView },
  orders: { title: "Orders", render: orderView },
  history: { title: "History", render: historyView },
};

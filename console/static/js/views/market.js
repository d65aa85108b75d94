// Market: candles with an indicator (lightweight-charts), live from the symbol's tick stream.
import { query, stream } from "../api.js";
import { h, field, select, card, figures, show, problemBox, when } from "../ui.js";
import { chart, candles, line, points, seconds } from "../charts.js";

const INTERVALS = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600, "4h": 14400, "1d": 86400 };
const INDICATORS = [["sma", "SMA 20"], ["ema", "EMA 20"], ["bollinger", "Bollinger 20, 2"], ["none", "No indicator"]];

async function marketView(main) {
  const listed = (await query("/v1/market/instruments").catch(() => ({ instruments: [] }))).instruments.map((i) => i.symbol);
  if (!listed.length) { main.append(card("Chart", h("p", {}, "No symbol has a price yet."))); return null; }
  const controls = h("form", { class: "inline", "aria-label": "Chart settings" },
    field("Symbol", select("symbol", listed)), field("Interval", select("interval", Object.keys(INTERVALS))),
    field("Indicator", select("indicator", INDICATORS)));
  const ticker = h("div", {}), box = h("div", { class: "chart", role: "img", "aria-label": "Candlestick chart" }), notes = h("div", {});
  main.append(card("Chart", controls, ticker, box, notes));
  let stop = null, made = null;
  const draw = async () => {
    stop?.(); made?.remove(); notes.replaceChildren();
    const { symbol, interval, indicator } = Object.fromEntries(new FormData(controls));
    made = chart(box);
    try {
      const rows = await query(`/v1/market/candles/${symbol}`, { interval, limit: 500 });
      const series = candles(made, rows);
      if (indicator !== "none") await overlay(made, symbol, interval, indicator);
      made.timeScale().fitContent();
      stop = live(symbol, INTERVALS[interval], series, rows.at(-1), box, ticker);
      await show(ticker, async () => tickerFigures(await query(`/v1/market/tickers/${symbol}`)));
    } catch (error) { notes.replaceChildren(problemBox(error)); }
  };
  controls.addEventListener("change", draw);
  await draw();
  return () => { stop?.(); made?.remove(); };
}

function tickerFigures(t) {
  return figures([["Last", t.last], ["24 h open", t.open], ["High", t.high], ["Low", t.low], ["Change %", t.change_pct],
    ["Volume", t.volume], ["Last tick", when(t.last_tick_at)]]);
}

async function overlay(made, symbol, interval, name) {
  const found = await query(`/v1/market/indicators/${symbol}`, { interval, name, limit: 500 });
  if (name === "bollinger") {
    for (const band of ["upper", "middle", "lower"]) line(made, points(found.values, (p) => p.t, (p) => p.value?.[band]), { lineWidth: 1 });
  } else {
    line(made, points(found.values, (p) => p.t, (p) => p.value));
  }
}

// Each tick moves the last candle (or opens the next); the figures show the tick's own decimal price.
function live(symbol, width, series, last, box, ticker) {
  let bar = last ? { time: seconds(last.t), open: +last.open, high: +last.high, low: +last.low, close: +last.close } : null;
  return stream(`/v1/stream/market/${symbol}`, {
    tick: (tick) => {
      const price = +tick.price, start = Math.floor(seconds(tick.at) / width) * width;
      bar = bar && bar.time === start ? { ...bar, high: Math.max(bar.high, price), low: Math.min(bar.low, price), close: price }
        : bar && bar.time > start ? bar : { time: start, open: price, high: price, low: price, close: price };
      series.update(bar);
      box.dataset.lastPrice = tick.price;
      const shown = ticker.querySelector("dd");
      if (shown) shown.textContent = tick.price;
    },
  }, (problem) => box.after(problemBox(problem)));
}

export const MARKET = { market: { title: "Market", render: marketView, charts: true } };

// TradingView's lightweight-charts (vendored standalone build: window.LightweightCharts), loaded by the
// first view that draws (the login page does without its 190 KB).
// Prices reach the chart as numbers for drawing only; every figure shown as text stays the API's decimal string.
const LC = () => window.LightweightCharts;
const SCRIPT = "vendor/lightweight-charts/lightweight-charts.standalone.production.js";
let loading = null;

export function load() {
  loading ??= new Promise((resolve, reject) => {
    document.head.append(Object.assign(document.createElement("script"), { src: SCRIPT, onload: resolve, onerror: reject }));
  });
  return loading;
}

export function chart(element, options = {}) {
  const made = LC().createChart(element, { autoSize: true, layout: { attributionLogo: false },
    timeScale: { timeVisible: true, secondsVisible: false }, ...options });
  return made;
}

export const seconds = (iso) => Math.floor(new Date(iso).getTime() / 1000);

export function candles(target, rows) {
  const series = target.addSeries(LC().CandlestickSeries, {});
  series.setData(rows.map((c) => ({ time: seconds(c.t), open: +c.open, high: +c.high, low: +c.low, close: +c.close })));
  return series;
}

export function line(target, points, options = {}) {
  const series = target.addSeries(LC().LineSeries, { lineWidth: 2, ...options });
  series.setData(points);
  return series;
}

export function bars(target, points, options = {}) {
  const series = target.addSeries(LC().HistogramSeries, options);
  series.setData(points);
  return series;
}

// Points with one value per time, in ascending order (the chart refuses duplicates).
export function points(rows, time, value) {
  const seen = new Map();
  for (const row of rows) {
    const v = value(row);
    if (v !== null && v !== undefined) seen.set(seconds(time(row)), +v);
  }
  return [...seen].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ time: t, value: v }));
}

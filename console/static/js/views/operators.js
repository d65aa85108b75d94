// Operators: every projection's position, lag, status and parked events, refreshed every 2 s, with a
// lag graph; rebuild behind a confirmation; job queues and dead letters.
import { query, call } from "../api.js";
import { h, field, input, form, table, card, show, when } from "../ui.js";
import { chart, line } from "../charts.js";

const REFRESH_MS = 2000;

async function operatorsView(main) {
  const list = h("div", {}), graph = h("div", { class: "chart small", role: "img", "aria-label": "Largest lag in events over time" }),
    rebuild = h("div", {}), jobs = h("div", {});
  main.append(card("Projections (live)", list), card("Lag: most events any projection had still to read", graph),
    card("Rebuild a projection", rebuild), card("Job queues and dead letters", jobs));
  const lag = line(chart(graph), [], { color: "#b42318" });
  let lastTime = 0;
  // Lag as each worker records it (positions are not event counts: docs/adr/0002-xid-positions.md).
  const load = () => show(list, async () => {
    const rows = (await query("/v1/projections")).projections;
    const now = Math.max(Math.floor(Date.now() / 1000), lastTime + 1);
    lastTime = now;
    lag.update({ time: now, value: Math.max(0, ...rows.map((p) => p.lag_events)) });
    return table("Projections", [["Projection", (p) => p.name], ["Position", (p) => p.position], ["Log head", (p) => p.log_head],
      ["Lag (events)", (p) => (p.lag_events ? h("strong", { "data-lagging": p.lag_events }, String(p.lag_events)) : "0")],
      ["Lag (s)", (p) => p.lag_seconds.toFixed(1)], ["Status", (p) => p.status],
      ["Parked", (p) => p.parked], ["Last error", (p) => p.last_error ?? ""], ["Updated", (p) => when(p.updated_at)]], rows);
  });
  rebuild.append(rebuildForm());
  await Promise.all([load(), show(jobs, jobQueues)]);
  const timer = setInterval(() => { load(); show(jobs, jobQueues); }, REFRESH_MS);
  return () => clearInterval(timer);
}

// A rebuild replaces a read model: the operator types its name again first. The APIs have no rebuild
// endpoint (it runs for minutes beside the workers, with the database owner's rights), so the console
// hands over the exact command instead of pretending.
function rebuildForm() {
  return form([field("Projection", input("name", { required: true })), field("Type the name again to confirm", input("confirm", { required: true, autocomplete: "off" }))],
    "Rebuild", async ({ name, confirm }) => {
      if (name !== confirm) return h("p", { role: "alert", class: "problem" }, "The names differ: nothing was rebuilt.");
      const known = (await query("/v1/projections")).projections.some((p) => p.name === name);
      if (!known) return h("p", { role: "alert", class: "problem" }, `No projection is named ${name}.`);
      return h("div", { class: "ok", role: "status" }, "Run on a host of the deployment (it rebuilds beside the live model, then swaps it in): ",
        h("code", {}, `astratrade projections rebuild ${name}`));
    }, { "aria-label": "Rebuild a projection" });
}

// The job gauges the query API already exports on /metrics (jobs/metrics.py), read as Prometheus text.
async function jobQueues() {
  const text = await (await call("query", "GET", "/metrics", { raw: true, accept: "text/plain" })).text();
  const queues = {}, outcomes = [];
  for (const [, name, labels, value] of text.matchAll(/^astratrade_jobs_(\w+)\{([^}]*)\} (\S+)$/gm)) {
    const label = Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (label.queue) (queues[label.queue] ??= { queue: label.queue })[name] = String(Number(value));
    else if (name === "processed_total") outcomes.push({ ...label, count: String(Number(value)) });
  }
  const up = /^astratrade_jobs_redis_up (\S+)$/m.exec(text)?.[1];
  return [h("p", { class: "muted" }, up === "1.0" || up === "1" ? "Read from Redis now." : "Redis unreachable: sizes unknown."),
    table("Job queues", [["Queue", (q) => q.queue], ["Pending", (q) => q.pending], ["Delayed", (q) => q.delayed],
      ["Dead letters", (q) => (Number(q.dead_letters) ? h("strong", {}, q.dead_letters) : q.dead_letters)]], Object.values(queues)),
    table("Jobs processed", [["Actor", (o) => o.actor], ["Outcome", (o) => o.outcome], ["Count", (o) => o.count]], outcomes, "none yet.")];
}

export const OPERATORS = { operations: { title: "Projections", render: operatorsView, charts: true } };

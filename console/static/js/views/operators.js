// Operators: every projection's position, lag, status and parked events, refreshed every 2 s, with a
// lag graph; rebuild behind a confirmation; job queues and dead letters.
import { query, command } from "../api.js";
import { h, field, input, form, table, card, show, ok, when } from "../ui.js";
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
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

// A rebuild replaces a read model: the operator types its name again before it is asked for.
function rebuildForm() {
  return form([field("Projection", input("name", { required: true })), field("Type the name again to confirm", input("confirm", { required: true, autocomplete: "off" }))],
    "Rebuild", async ({ name, confirm }) => {
      if (name !== confirm) return h("p", { role: "alert", class: "problem" }, "The names differ: nothing was rebuilt.");
      const r = await command("POST", `/v1/admin/projections/${name}/rebuild`);
      return ok(`Rebuild of ${name} started (${r.status ?? "accepted"}).`);
    }, { "aria-label": "Rebuild a projection" });
}

async function jobQueues() {
  const q = await query("/v1/admin/jobs");
  return table("Queues", [["Queue", (x) => x.queue], ["Waiting", (x) => x.waiting], ["Delayed", (x) => x.delayed], ["Dead letters", (x) => x.dead_letters]],
    q.queues || []);
}

export const OPERATORS = { operations: { title: "Projections", render: operatorsView, charts: true } };

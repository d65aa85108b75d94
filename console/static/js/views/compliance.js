// Compliance: find a user by id or (unless erased) username; their audit stream with the hash chain
// verified, their state at an instant, the NDJSON export, and erasure behind a confirmation step.
import { query, command, download, Problem } from "../api.js";
import { h, field, input, form, table, figures, card, button, show, ok, short, when, isoOf, problemBox } from "../ui.js";

// The pattern attribute compiles in v mode: "-" escaped. A username is registration's 3 to 32 of A-Z a-z 0-9 _ . -
const ID_OR_NAME = "[0-9a-fA-F\\-]{36}|[A-Za-z0-9_.\\-]{3,32}";
const IS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// An id is opened as typed; a username is resolved by the API (404 for no one, and for an erased user).
async function userIdOf(text) {
  return IS_ID.test(text) ? text : (await query("/v1/audit/users", { username: text })).user_id;
}

async function complianceView(main) {
  const found = h("div", {});
  main.append(card("Find a user", form([field("User id or username", input("who", { required: true, pattern: ID_OR_NAME, size: 40 }))], "Open",
    async ({ who }) => { found.replaceChildren(); found.replaceChildren(...userPanels(await userIdOf(who.trim()))); },
    { "aria-label": "Find a user" })), found);
  const anchors = h("div", {});
  main.append(card("Anchored digests (Starknet)", anchors));
  show(anchors, async () => table("Anchors", [["First position", (a) => a.first_position], ["Last position", (a) => a.last_position],
    ["Digest", (a) => h("code", {}, String(a.digest ?? "").slice(0, 18))], ["Transaction", (a) => h("code", {}, String(a.tx_hash ?? "").slice(0, 18))],
    ["Status", (a) => a.status]], (await query("/v1/audit/anchors")).anchors, "none (anchoring is off or has not run yet)."));
  const wanted = new URLSearchParams(location.hash.split("?")[1] || "").get("user");
  if (wanted) found.replaceChildren(...userPanels(wanted));
}

function userPanels(userId) {
  const who = h("div", {}), events = h("div", {}), verdict = h("div", {}), state = h("div", {});
  show(who, async () => { const p = await query(`/v1/profiles/${userId}`);
    return figures([["User id", p.user_id], ["Username", p.username ?? "(erased)"], ["Level", p.level], ["XP", p.xp]]); });
  const load = async (after = 0) => {
    const page = await query("/v1/audit/events", { user_id: userId, after_position: after, limit: 200 });
    events.replaceChildren(table(`Audit stream of ${short(userId)}`, [["Position", (e) => e.position], ["When", (e) => when(e.timestamp)],
      ["Type", (e) => e.type], ["v", (e) => e.schema_version], ["Actor", (e) => e.metadata.actor ?? ""], ["Hash", (e) => h("code", {}, e.hash.slice(0, 16))],
      ["Data", (e) => h("code", {}, JSON.stringify(e.data).slice(0, 120))]], page.events, "no event."),
    page.next_after_position ? button("Next page", () => load(page.next_after_position), { class: "secondary" }) : "");
    return page.events;
  };
  const verify = () => show(verdict, async () => {
    const last = (await query("/v1/audit/events", { user_id: userId, limit: 1000 })).events.at(-1);
    const v = await query("/v1/audit/verify", { to_position: last?.position });
    return v.ok ? h("div", { class: "ok", role: "status" }, `Chain verified: ${v.checked} events sound up to position ${v.last_position}, head hash ${v.head_hash}.`)
      : problemBox(new Problem({ title: "Chain broken", detail: `at position ${v.broken_at}: ${v.reason}` }));
  });
  load().catch((error) => events.replaceChildren(problemBox(error)));
  const erase = h("div", {});
  erase.append(button("Erase personal data…", () => erase.replaceChildren(confirmErasure(userId, erase)), { class: "danger" }));
  return [card("User", who), card("Hash chain", button("Verify chain", verify), verdict),
    card("State at an instant", form([field("Instant", input("at", { type: "datetime-local", required: true }))], "Show state",
      async ({ at }) => { await show(state, async () => stateOf(await query(`/v1/audit/users/${userId}/state`, { at: isoOf(at) }))); }), state),
    card("Export", button("Download NDJSON", (event) => download("/v1/audit/events", { user_id: userId }, `audit-${userId}.ndjson`, "application/x-ndjson")
      .catch((error) => event.target.after(problemBox(error))), { class: "secondary" })),
    card("Audit stream", events), card("Erasure", erase)];
}

function stateOf(s) {
  return [figures([["At", when(s.at)], ["Registered", s.registered ? "yes" : "no"], ["Erased", s.personal_data_erased ? "yes" : "no"],
    ["Roles", s.roles.join(", ")], ["Cash", s.wallet?.cash], ["Reserved margin", s.wallet?.reserved_margin], ["Realized P&L", s.realized_pnl],
    ["XP", s.xp], ["Level", s.level], ["Streak", s.streak], ["Events applied", s.events_applied]]),
  table("Positions then", [["Position", (p) => short(p.position_id)], ["Symbol", (p) => p.symbol], ["Side", (p) => p.side], ["Quantity", (p) => p.quantity],
    ["Entry", (p) => p.entry_price], ["Status", (p) => p.status], ["Net P&L", (p) => p.net_pnl]], s.positions, "none.")];
}

// Erasure cannot be undone: the officer types the user id again before the command is sent.
function confirmErasure(userId, target) {
  return h("div", {}, h("p", {}, "Erasing removes the username and email from every past event, for good, and ends every session and key of the user."),
    form([field(`Type the user id ${userId} to confirm`, input("confirm", { required: true, size: 40, autocomplete: "off" }))], "Erase for good",
      async ({ confirm }) => {
        if (confirm.trim() !== userId) return problemBox(new Problem({ title: "Not confirmed", detail: "the id typed differs: nothing was erased" }));
        const r = await command("POST", `/v1/users/${userId}/erasure`);
        return ok(`Erased (log position ${r.position}).`);
      }), button("Cancel", () => target.replaceChildren(button("Erase personal data…", () => target.replaceChildren(confirmErasure(userId, target)), { class: "danger" })), { class: "secondary" }));
}

export const COMPLIANCE = { compliance: { title: "Audit", render: complianceView } };

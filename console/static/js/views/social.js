// Community and account: notifications, leaderboards (live), profile, marketplace, clans, friends,
// challenges, API keys.
import { query, command, stream, current } from "../api.js";
import { h, field, input, select, form, table, figures, card, button, show, ok, short, when, problemBox } from "../ui.js";

// A button running a command, then `after` (a reload); its problem shows beside it.
const act = (text, run, after, attrs = {}) => button(text, async (event) => {
  try { const r = await run(); await after(r?.position); } catch (error) { event.target.after(problemBox(error)); }
}, attrs);

async function notificationsView(main) {
  const list = h("div", {});
  const load = () => show(list, async () => table("Notifications", [["When", (n) => when(n.at)], ["Kind", (n) => n.kind],
    ["Details", (n) => Object.entries(n.data).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("; ")]],
  (await query("/v1/notifications", { limit: 100 })).notifications, "no notification yet."));
  addEventListener("notification", load);
  main.append(card("Live notifications", h("p", { class: "muted" }, "New ones appear here and as a toast as they happen."), list));
  await load();
  return () => removeEventListener("notification", load);
}

async function leaderboardsView(main) {
  const controls = h("form", { class: "inline", "aria-label": "Leaderboard settings" },
    field("Metric", select("metric", [["xp", "XP"], ["realized_pnl", "Realized P&L"], ["roi", "ROI %"]])),
    field("Window", select("window", [["all", "All time"], ["week", "This week"], ["day", "Today"]])));
  const board = h("div", {}), standing = h("div", {});
  let stop = null;
  const load = async () => {
    const { metric, window } = Object.fromEntries(new FormData(controls));
    await show(board, async () => {
      const b = await query(`/v1/leaderboards/${metric}`, { window, limit: 50 });
      return [h("p", { class: "muted" }, `Bucket ${b.bucket ?? "all time"}, from ${b.source}, as of log position ${b.as_of_position}.`),
        table("Leaderboard", [["Rank", (e) => e.rank], ["User", (e) => e.username ?? short(e.user_id)], ["Value", (e) => e.value]], b.entries, "nobody ranked yet.")];
    });
    await show(standing, async () => {
      const s = await query(`/v1/leaderboards/${metric}/users/${current().user_id}`, { window });
      return figures([["My rank", s.rank ?? "unranked"], ["My value", s.value]]);
    });
  };
  const follow = () => {
    stop?.();
    const { metric, window } = Object.fromEntries(new FormData(controls));
    let timer = null;
    stop = stream(`/v1/stream/leaderboards/${metric}?window=${window}`, {  // rank changes: re-read the board
      rank: () => { clearTimeout(timer); timer = setTimeout(load, 300); }, resync: load });
  };
  controls.addEventListener("change", () => { load(); follow(); });
  main.append(card("Leaderboards (live)", controls, standing, board));
  await load();
  follow();
  return () => stop?.();
}

async function profileView(main) {
  const box = h("div", {});
  const load = () => show(box, async () => {
    const p = await query("/v1/profiles/me");
    return [figures([["User", p.username], ["User id", p.user_id], ["XP", p.xp], ["Level", p.level], ["Next level at", p.next_level_xp],
      ["Streak (days)", p.streak], ["Clan", p.clan ? `${p.clan.name ?? ""} ${short(p.clan.clan_id)}` : "none"]]),
    table("Achievements", [["Achievement", (a) => a.name], ["Unlocked", (a) => when(a.unlocked_at)]], p.achievements, "none yet."),
    table("NFTs", [["NFT", (n) => short(n.nft_id)], ["Kind", (n) => n.kind], ["Achievement", (n) => n.achievement],
      ["Listed at", (n) => n.price ?? n.listed_price ?? ""],
      ["", (n) => form([field(`Price for ${short(n.nft_id)} (USD)`, input("price", { required: true, inputmode: "decimal" }))], "List for sale",
        async (v) => { await command("POST", `/v1/nfts/${n.nft_id}/listings`, v); return ok("Listed."); })]], p.nfts, "none yet.")];
  });
  main.append(card("Profile", box));
  await load();
}

async function marketplaceView(main) {
  const list = h("div", {});
  const me = current().user_id;
  const load = (min) => show(list, async () => table("Listings", [["NFT", (l) => short(l.nft_id)], ["Kind", (l) => l.kind],
    ["Achievement", (l) => l.achievement], ["Seller", (l) => short(l.owner_id)], ["Price (USD)", (l) => l.price], ["Listed", (l) => when(l.listed_at)],
    ["", (l) => (l.owner_id === me ? act(`Withdraw ${short(l.nft_id)}`, () => command("DELETE", `/v1/nfts/${l.nft_id}/listings`), load, { class: "secondary" })
      : act(`Buy ${short(l.nft_id)} for ${l.price}`, () => command("POST", `/v1/nfts/${l.nft_id}/purchase`, { price: l.price }), load))]],
  (await query("/v1/marketplace/listings", { min_position: min })).listings, "nothing for sale."));
  main.append(card("Marketplace", list));
  await load();
}

async function clansView(main) {
  const mine = h("div", {});
  const load = () => show(mine, async () => {
    const clan = (await query("/v1/profiles/me")).clan;
    if (!clan) return h("p", {}, "You are in no clan.");
    const c = await query(`/v1/clans/${clan.clan_id}`);
    return [figures([["Clan", c.name], ["Clan id", c.clan_id], ["Members", c.totals.members], ["XP", c.totals.xp],
      ["Realized P&L", c.totals.realized_pnl], ["ROI %", c.totals.roi]]),
    table("Members", [["User", (m) => m.username ?? short(m.user_id)], ["Level", (m) => m.level], ["XP", (m) => m.xp], ["Realized P&L", (m) => m.realized_pnl]], c.members),
    act("Leave clan", () => command("DELETE", `/v1/clans/${c.clan_id}/members/me`), load, { class: "danger" })];
  });
  main.append(card("My clan", mine), h("div", { class: "cols" },
    card("Found a clan", form([field("Clan name", input("name", { required: true }))], "Found",
      async (v) => { const r = await command("POST", "/v1/clans", v); await load(); return ok(`Clan ${short(r.clan_id)} founded.`); })),
    card("Join a clan", form([field("Clan id", input("clan_id", { required: true }))], "Join",
      async (v) => { await command("POST", `/v1/clans/${v.clan_id}/members`); await load(); return ok("Joined."); }))));
  await load();
}

async function friendsView(main) {
  const list = h("div", {});
  const load = (min) => show(list, async () => {
    const f = await query("/v1/friends", { min_position: min });
    return [table("Friends", [["User", (x) => x.user_id], ["Since", (x) => when(x.since)],
      ["", (x) => act(`Unfriend ${short(x.user_id)}`, () => command("DELETE", `/v1/friends/${x.user_id}`), load, { class: "danger" })]], f.friends, "none yet."),
    table("Requests to me", [["From", (x) => x.user_id], ["Sent", (x) => when(x.sent_at)],
      ["", (x) => h("span", {}, act(`Accept ${short(x.user_id)}`, () => command("POST", `/v1/friends/requests/${x.request_id}/accept`), load), " ",
        act(`Decline ${short(x.user_id)}`, () => command("POST", `/v1/friends/requests/${x.request_id}/decline`), load, { class: "secondary" }))]], f.incoming, "none."),
    table("My requests", [["To", (x) => x.user_id], ["Sent", (x) => when(x.sent_at)]], f.outgoing, "none.")];
  });
  main.append(card("Add a friend", form([field("User id", input("user_id", { required: true }))], "Send request",
    async (v) => { const r = await command("POST", "/v1/friends", v); await load(r.position); return ok("Request sent."); })), card("Friends", list));
  await load();
}

async function challengesView(main) {
  const list = h("div", {});
  const me = current().user_id;
  const load = (min) => show(list, async () => table("Challenges", [["Challenge", (c) => short(c.challenge_id)], ["Status", (c) => c.status],
    ["Hours", (c) => c.hours], ["Challenger P&L", (c) => c.challenger.realized_pnl], ["Opponent P&L", (c) => c.opponent.realized_pnl],
    ["Ends", (c) => when(c.window?.ends_at)], ["Winner", (c) => short(c.winner_id)],
    ["", (c) => (c.status === "offered" && c.opponent.user_id === me ? h("span", {},
      act("Accept", () => command("POST", `/v1/challenges/${c.challenge_id}/accept`), load), " ",
      act("Decline", () => command("POST", `/v1/challenges/${c.challenge_id}/decline`), load, { class: "secondary" })) : "")]],
  (await query("/v1/challenges", { min_position: min })).challenges, "none yet."));
  main.append(card("Challenge a friend", form([field("Friend's user id", input("opponent_id", { required: true })),
    field("Hours (1–168)", input("hours", { type: "number", min: 1, max: 168, value: 24 }))], "Challenge",
  async (v) => { const r = await command("POST", "/v1/challenges", { ...v, hours: Number(v.hours) }); await load(r.position); return ok("Challenge sent."); })),
  card("My challenges", list));
  await load();
}

async function apiKeysView(main) {
  const list = h("div", {});
  const load = () => show(list, async () => table("API keys", [["Name", (k) => k.name], ["Scopes", (k) => k.scopes.join(", ")],
    ["Created", (k) => when(k.created_at)], ["Expires", (k) => when(k.expires_at)],
    ["", (k) => act(`Revoke ${k.name}`, () => command("DELETE", `/v1/api-keys/${k.api_key_id}`), load, { class: "danger" })]],
  (await query("/v1/api-keys")).api_keys, "no key."));
  const scopes = ["read", "trade", "backtest"].map((s) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "scopes", value: s }), s));
  main.append(card("New API key", form([field("Name", input("name", { required: true })), h("fieldset", {}, h("legend", {}, "Scopes"), scopes)], "Create key",
    async (v, element) => {
      const r = await command("POST", "/v1/api-keys", { name: v.name, scopes: new FormData(element).getAll("scopes") });
      await load();
      return h("div", { class: "ok", role: "status" }, "Shown once, copy it now: ", h("code", { class: "key" }, r.key));
    })), card("My keys", list));
  await load();
}

export const SOCIAL = {
  notifications: { title: "Notifications", render: notificationsView },
  leaderboards: { title: "Leaderboards", render: leaderboardsView },
  profile: { title: "Profile", render: profileView },
  marketplace: { title: "Marketplace", render: marketplaceView },
  clans: { title: "Clans", render: clansView },
  friends: { title: "Friends", render: friendsView },
  challenges: { title: "Challenges", render: challengesView },
  "api-keys": { title: "API keys", render: apiKeysView },
};

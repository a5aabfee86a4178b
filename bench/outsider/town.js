// An outsider's client (written from docs/protocol.md, not from the server's code) for a generated town
// (genworld.py): players walk between zones, collect and drop what they see in their area, an operator
// resets and restores the world meanwhile; every socket checks its deltas (no gap, no duplicate, none of
// another zone) and its view is compared at the end with a fresh snapshot. See README.md.
// usage: node town.js <gaia-dir> <experience> <players> <zones-walked> <seconds> [reset,restore|none]
// env: STEP_MS (mean pause between a player's actions, default 1500)
const WebSocket = require('ws');
const { execSync } = require('child_process');
const [gaiaDir, EXP, PLAYERS, ZONES, SECONDS, OPS] = [process.argv[2], process.argv[3], +process.argv[4], +process.argv[5], +process.argv[6], process.argv[7] === undefined ? 'reset,restore' : process.argv[7].replace('none','')];
// env SESSION_PORTS: session-service ports to spread the players over (default 8003; ./gaia up --cluster: 8003,8013)
const PORTS = (process.env.SESSION_PORTS || '8003').split(',');
let nextPort = 0;
const token = (u, admin) => execSync(`${gaiaDir}/gaia token 2>/dev/null --user ${u}${admin ? ' --admin' : ''}`).toString().trim().split('\n').pop();
const gps = z => ({ lat: 40.0 + z * 0.005, lng: -3.0 });
const stats = { sent: 0, ok: 0, fail: {}, gaps: 0, dups: 0, foreign: 0, resyncs: 0, aoi: 0, lat: [], closes: {}, errors: {} };
// request ids are unique per run: a repeated (user, request_id) gets its first answer back from kb-service
const RUN = Date.now().toString(36);
const sleep = ms => new Promise(r => setTimeout(r, ms));

class P {
  constructor(id) { this.id = id; this.held = new Set(); this.seen = new Set(); this.pending = new Map(); this.n = 0; this.view = new Map(); }
  open(admin) {
    return new Promise((res, rej) => {
      this.ws = new WebSocket(`ws://127.0.0.1:${PORTS[nextPort++ % PORTS.length]}/ws/experience?token=${token(this.id, admin)}&experience=${EXP}`);
      this.ws.on('message', d => this.on(JSON.parse(d.toString())));
      this.ws.on('close', (c, r) => { this.closed = true; stats.closes[c] = (stats.closes[c] || 0) + 1; if (c !== 1000) console.log(this.id, 'closed', c, r.toString()); });
      this.ws.on('error', e => rej(e));
      this.onAoi = res;
    });
  }
  on(f) {
    // the last frames' outlines, printed with a duplicate or a gap
    (this.recent = this.recent || []).push(`${Date.now() % 100000} ${f.type} ${f.scope || ''} ${f.zone || f.chain || (f.zone && f.zone.id) || ''} ${f.base_version ?? ''}->${f.snapshot_version ?? ''}${f.versions ? ' ' + JSON.stringify(f.versions) : ''}${f.resync ? ' resync' : ''}${f.request_id ? ' ' + f.request_id : ''}`);
    if (this.recent.length > 16) this.recent.shift();
    if (f.type === 'area_of_interest') {
      stats.aoi++; if (f.resync) stats.resyncs++; this.lastAoi = JSON.stringify(f.versions) + ' ' + (f.chain || (f.zone && f.zone.id)) + ' ' + f.epoch; this.lastResync = !!f.resync; this.aoiAt = Date.now();
      this.chain = f.chain || (f.zone && f.zone.id); this.versions = { ...f.versions }; this.epoch = f.epoch || this.epoch;
      this.view = new Map(); this.area = f.player && f.player.current_area;
      for (const [a, area] of Object.entries(f.areas || {})) for (const [s, spot] of Object.entries(area.spots || {}))
        for (const it of spot.items || []) this.view.set(it.instance_id, `${a}/${s}`);
      this.held = new Set((f.player && f.player.inventory || []).map(i => i.instance_id));
      if (this.onAoi) { const r = this.onAoi; this.onAoi = null; r(f); }
    } else if (f.type === 'connected') { this.epoch = f.epoch; }
    else if (f.type === 'world_update') {
      const key = `${f.epoch || this.epoch}/${f.scope}/${f.zone || ''}/${f.snapshot_version}`;
      if (this.seen.has(key)) { stats.dups++; if (stats.dups < 6) console.log(this.id, 'dup', key, 'last aoi', this.lastAoi, 'resync', this.lastResync, 'ago', Date.now() - this.aoiAt, '\n  ' + this.recent.join('\n  ')); } this.seen.add(key);
      if (f.scope === 'world' && f.zone && this.chain && f.zone !== this.chain) stats.foreign++;
      const held = this.versions && this.versions[f.scope];
      if (held != null && f.base_version !== held) { stats.gaps++; if (stats.gaps < 5) console.log(this.id, 'gap', f.scope, f.zone, 'held', held, 'got', f.base_version); }
      if (this.versions) this.versions[f.scope] = f.snapshot_version;
      if (f.scope === 'world') for (const c of f.changes || []) {
        if (c.operation === 'remove' && c.instance_id) this.view.delete(c.instance_id);
        if (c.operation === 'add' && c.instance_id && c.zone_id) this.view.set(c.instance_id, `${c.area_id}/${c.spot_id}`);
      }
    } else if (f.type === 'action_response') {
      const p = this.pending.get(f.request_id); if (!p) return; this.pending.delete(f.request_id);
      stats.lat.push(Date.now() - p.t);
      if (f.success) { stats.ok++; if (p.a === 'go' && f.area_id) this.area = f.area_id; if (p.a === 'go' && f.metadata && f.metadata.area_id) this.area = f.metadata.area_id; if (p.a === 'collect_item') this.held.add(p.i); if (p.a === 'drop_item') this.held.delete(p.i); }
      else stats.fail[f.code] = (stats.fail[f.code] || 0) + 1;
      if (p.done) p.done(f);
    } else if (f.type === 'error') { stats.errors[f.code] = (stats.errors[f.code] || 0) + 1; }
  }
  act(action, params) {
    return new Promise(res => {
      const rid = `${this.id}-${RUN}-${++this.n}`; this.pending.set(rid, { t: Date.now(), a: action, i: params.instance_id, done: res });
      stats.sent++; this.ws.send(JSON.stringify({ type: 'action', action, ...params, request_id: rid }));
    });
  }
  async walk(z) { const w = new Promise(r => (this.onAoi = r)); this.ws.send(JSON.stringify({ type: 'update_location', ...gps(z) })); await Promise.race([w, sleep(5000)]); }
  async step() {
    if (this.closed) return;
    const r = Math.random();
    if (r < 0.05) return this.walk(Math.floor(Math.random() * ZONES));
    if (r < 0.10) return this.act('go', { destination: 'a' + Math.floor(Math.random() * 4) });
    if (this.held.size && (r < 0.5 || this.held.size > 3)) return this.act('drop_item', { instance_id: [...this.held][0] });
    const mine = [...this.view.entries()].filter(([, at]) => at.startsWith(this.area + '/'));
    if (mine.length) return this.act('collect_item', { instance_id: mine[Math.floor(Math.random() * mine.length)][0] });
  }
}

(async () => {
  const t0 = Date.now();
  const players = [];
  for (let i = 0; i < PLAYERS; i++) { const p = new P(`walker${i}`); players.push(p); await p.open(); await p.walk(i % ZONES); }
  console.log(`${PLAYERS} players placed in ${Date.now() - t0} ms`);
  const admin = new P('ops'); await admin.open(true);
  const end = Date.now() + SECONDS * 1000;
  const STEP = +(process.env.STEP_MS || 1500);
  // each player starts at a random moment within one pause, as people do: not all in the same millisecond
  const loops = players.map(async p => { await sleep(STEP * Math.random()); while (Date.now() < end) { await p.step(); await sleep(STEP * (0.5 + Math.random())); } });
  const ops = OPS.split(',').filter(Boolean);
  for (let k = 0; k < ops.length; k++) {
    await sleep(SECONDS * 1000 / (ops.length + 1));
    const t = Date.now();
    let r;
    if (ops[k] === 'reset') r = await admin.act('@reset world CONFIRM', {});
    if (ops[k] === 'restore') { const list = await admin.act('@restore', {}); const ids = list.backups || (list.metadata && list.metadata.backups) || []; r = await admin.act(`@restore ${ids[ids.length - 1]} CONFIRM`, {}); }
    console.log(`op ${ops[k]}: ${r && r.success} ${r && (r.code || '')} in ${Date.now() - t} ms`);
  }
  await Promise.all(loops);
  await sleep(3000);
  // each player's view against a fresh snapshot of its zone
  let differing = 0, checked = 0;
  for (const p of players) {
    if (p.closed) continue;
    const fresh = new P(p.id); const f = await fresh.open(); checked++;
    const chain = f.chain || f.zone.id;
    const a = JSON.stringify([...p.view.entries()].sort()), b = JSON.stringify([...fresh.view.entries()].sort());
    if (chain !== p.chain || a !== b) { differing++; if (differing < 4) console.log(p.id, 'differs', p.chain, chain, p.view.size, fresh.view.size,
      'only here:', [...p.view.entries()].filter(([i, at]) => fresh.view.get(i) !== at).join(' '),
      'only fresh:', [...fresh.view.entries()].filter(([i, at]) => p.view.get(i) !== at).join(' '),
      'versions', JSON.stringify(p.versions), JSON.stringify(f.versions), '\n  ' + (p.recent || []).join('\n  ')); }
    fresh.ws.close(1000);
  }
  const lat = stats.lat.sort((x, y) => x - y); const q = x => lat[Math.floor(lat.length * x)] || 0;
  console.log(JSON.stringify({ ...stats, lat: undefined, p50: q(0.5), p99: q(0.99), checked, differing }));
  players.forEach(p => p.ws.close(1000)); admin.ws.close(1000);
  setTimeout(() => process.exit(0), 500);
})().catch(e => { console.error(e); process.exit(1); });

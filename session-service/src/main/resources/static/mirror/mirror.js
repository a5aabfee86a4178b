// The scrying mirror: a minimal GAIA client speaking the same WebSocket protocol as the Unity app.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const SHOP_GPS = { lat: 37.906512, lng: -122.544217 };
  let socket = null;
  let aoi = null;
  const versions = { world: null, player: null };

  function log(kind, text) {
    const li = document.createElement('li');
    li.className = kind;
    li.textContent = `${new Date().toISOString().slice(11, 23)} ${kind} ${text}`;
    $('log').prepend(li);
    while ($('log').children.length > 300) $('log').lastChild.remove();
  }

  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) { log('error', 'not connected'); return; }
    socket.send(JSON.stringify(message));
  }
  const act = (action, fields = {}) => send({ type: 'action', action, ...fields });

  function button(label, onClick, testId) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (testId) b.dataset.test = testId;
    b.addEventListener('click', onClick);
    return b;
  }

  function npcsHere() {
    const here = aoi && aoi.areas && aoi.player ? aoi.areas[aoi.player.current_area] : null;
    if (!here) return [];
    return Object.values(here.spots || {}).flatMap((s) => (s.npcs || []).map((n) => (typeof n === 'string' ? { id: n, name: n } : n)));
  }

  function render() {
    if (!aoi) return;
    const zone = aoi.zone || {};
    $('zone').textContent = `${zone.name || zone.id || '?'} — ${zone.description || ''}`;
    $('versions').textContent = `world v${versions.world ?? '?'} · player v${versions.player ?? '?'}`;
    const current = aoi.player && aoi.player.current_area;
    const areas = $('areas');
    areas.replaceChildren();
    for (const [areaId, area] of Object.entries(aoi.areas || {})) {
      const div = document.createElement('div');
      div.className = 'area' + (areaId === current ? ' here' : '');
      div.dataset.area = areaId;
      const title = document.createElement('strong');
      title.textContent = area.name || areaId;
      div.append(title, ' ');
      if (areaId !== current) div.append(button('Go', () => act('go', { destination: areaId }), `go-${areaId}`));
      for (const [spotId, spot] of Object.entries(area.spots || {})) {
        const s = document.createElement('div');
        s.className = 'spot';
        s.append(`${spot.name || spotId}: `);
        for (const item of spot.items || []) {
          if (item.visible === false) continue;
          const chip = document.createElement('span');
          chip.className = 'item';
          chip.dataset.instanceId = item.instance_id;
          chip.append(item.semantic_name || item.instance_id);
          if (areaId === current && item.collectible !== false) {
            chip.append(button('Collect', () => act('collect_item', { instance_id: item.instance_id }), `collect-${item.instance_id}`));
          }
          s.append(chip);
        }
        for (const npc of spot.npcs || []) {
          const n = typeof npc === 'string' ? { id: npc, name: npc } : npc;
          const chip = document.createElement('span');
          chip.className = 'npc';
          chip.dataset.npcId = n.id;
          chip.append(n.name || n.id);
          if (areaId === current) chip.append(button('Talk', () => act('talk', { npc_id: n.id }), `talk-${n.id}`));
          s.append(chip);
        }
        div.append(s);
      }
      areas.append(div);
    }
    const player = aoi.player || {};
    $('where').textContent = `in ${player.current_location || '?'} › ${player.current_area || '(entrance)'}`;
    const inv = $('inventory');
    inv.replaceChildren();
    for (const item of player.inventory || []) {
      const li = document.createElement('li');
      li.dataset.instanceId = item.instance_id;
      li.append(item.semantic_name || item.instance_id, ' ');
      li.append(button('Drop', () => act('drop_item', { instance_id: item.instance_id }), `drop-${item.instance_id}`));
      for (const npc of npcsHere()) {
        li.append(button(`Give to ${npc.name || npc.id}`, () => act('give_item', { instance_id: item.instance_id, target_npc_id: npc.id }), `give-${item.instance_id}-${npc.id}`));
      }
      inv.append(li);
    }
  }

  const SPOT_ITEMS = /^world\.locations\.([^.]+)\.areas\.([^.]+)\.spots\.([^.]+)\.items$/;

  function applyToList(list, change) {
    if (change.operation === 'add' && change.item) return [...list.filter((i) => i.instance_id !== change.instance_id), change.item];
    if (change.operation === 'remove') return list.filter((i) => i.instance_id !== change.instance_id);
    if (change.operation === 'update') return list.map((i) => (i.instance_id === change.instance_id ? { ...i, ...(change.fields || {}) } : i));
    return list;
  }

  function applyDelta(event) {
    const scope = event.scope || 'world';
    if (versions[scope] != null && event.base_version != null && event.base_version !== versions[scope]) {
      log('error', `gap in ${scope} versions (have ${versions[scope]}, delta from ${event.base_version}); asking to resume`);
      send({ type: 'resume', versions: { ...versions } });
      return;
    }
    if (event.snapshot_version != null) versions[scope] = event.snapshot_version;
    if (!aoi) return;
    for (const change of event.changes || []) {
      const m = SPOT_ITEMS.exec(change.path || '');
      if (m) {
        const spot = aoi.areas && aoi.areas[m[2]] && aoi.areas[m[2]].spots && aoi.areas[m[2]].spots[m[3]];
        if (spot && (!aoi.zone || aoi.zone.id === m[1])) spot.items = applyToList(spot.items || [], change);
      } else if (change.path === 'player.inventory' && aoi.player) {
        aoi.player.inventory = applyToList(aoi.player.inventory || [], change);
      } else if (change.path === 'player.location' && aoi.player && change.fields) {
        const f = change.fields;
        aoi.player.current_area = f.current_area ?? f.area ?? aoi.player.current_area;
        aoi.player.current_location = f.current_location ?? f.zone ?? aoi.player.current_location;
      }
    }
    render();
  }

  function adoptAreaOfInterest(message) {
    aoi = message;
    const v = message.versions || {};
    versions.world = v.world ?? message.snapshot_version ?? versions.world;
    versions.player = v.player ?? versions.player;
    render();
  }

  function onMessage(raw) {
    let m;
    try { m = JSON.parse(raw.data); } catch { log('error', 'unreadable frame'); return; }
    switch (m.type) {
      case 'connected':
        log('connected', `as ${m.user_id} (${m.connection_id})`);
        send({ type: 'update_location', lat: SHOP_GPS.lat, lng: SHOP_GPS.lng });
        break;
      case 'area_of_interest':
        adoptAreaOfInterest(m);
        log('area_of_interest', `${m.zone ? m.zone.id : '?'}${m.resync ? ' (resync)' : ''}`);
        break;
      case 'world_update': {
        const latency = Date.now() - (m.timestamp || Date.now());
        log('world_update', `${m.scope || ''} v${m.base_version}→${m.snapshot_version} ${(m.changes || []).map((c) => `${c.operation} ${c.instance_id || c.path}`).join(', ')} (${latency} ms)`);
        applyDelta(m);
        break;
      }
      case 'action_response':
        log('action_response', `${m.action}: ${m.success ? 'ok' : 'failed'} — ${m.message}`);
        if (m.action === 'go' || m.action === 'update_location') send({ type: 'update_location', lat: SHOP_GPS.lat, lng: SHOP_GPS.lng });
        break;
      case 'error':
        log('error', `${m.code}: ${m.message}`);
        break;
      default:
        if (typeof m.content === 'string') {
          $('narrative').append(m.content);
          $('narrative').scrollTop = $('narrative').scrollHeight;
        } else if (m.type && m.type.endsWith('done')) {
          $('narrative').append('\n');
        }
        log(m.type || 'message', JSON.stringify(m).slice(0, 200));
    }
  }

  function connect(event) {
    event.preventDefault();
    if (socket) socket.close(1000);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/ws/experience?token=${encodeURIComponent($('token').value.trim())}&experience=${encodeURIComponent($('experience').value.trim())}`;
    socket = new WebSocket(url);
    socket.addEventListener('open', () => { $('status').textContent = 'online'; $('status').className = 'status online'; });
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', (e) => {
      $('status').textContent = `offline (${e.code}${e.reason ? ' ' + e.reason : ''})`;
      $('status').className = 'status offline';
      log('closed', `${e.code} ${e.reason}`);
    });
  }

  async function mint() {
    const response = await fetch(`/mirror/dev-token?user=${encodeURIComponent($('user').value.trim())}`);
    if (!response.ok) { log('error', `cannot mint a token here (${response.status}); paste one from ./gaia token`); return; }
    $('token').value = (await response.json()).token;
  }

  $('connect-form').addEventListener('submit', connect);
  $('mint').addEventListener('click', mint);
  $('chat-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('chat-text').value.trim();
    if (!text) return;
    $('narrative').append(`\n> ${text}\n`);
    send({ type: 'chat', text });
    $('chat-text').value = '';
  });
  setInterval(() => { if (socket && socket.readyState === WebSocket.OPEN) send({ type: 'ping', timestamp: Date.now() }); }, 20000);
})();

// The scrying mirror: a small GAIA client speaking session-service's WebSocket protocol
// (docs/protocol.md, "session-service WebSocket") the way the Unity app must: one version per
// scope, a delta applied only when its base_version is the version held, resume on a gap.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  /** Close codes after which the page reconnects by itself and resumes from the versions it holds. */
  const RECONNECT_CODES = new Set([1001, 1006, 1011, 4408, 4429]);
  const SPOT_ITEMS = /^world\.locations\.([^.]+)\.areas\.([^.]+)\.spots\.([^.]+)\.items$/;
  const MAX_LOG = 300;

  const state = {
    socket: null,
    aoi: null, // the last area_of_interest, with every delta since applied to it
    versions: { world: null, player: null },
    resuming: false,
    pending: new Map(), // request_id -> {action, sentAt}: actions waiting for their action_response
    turns: new Map(), // request_id -> the chat turn's element
    conversationId: null,
    npcInventory: {}, // npc id -> instance ids it keeps (world.npcs.<npc> updates)
    questNotes: {}, // quest id -> the last quest_updates seen
    questOffers: {}, // quest id -> offer from a talk
    wantOpen: false,
    retries: 0,
    seq: 0,
    minted: false,
  };

  // ---- sending -------------------------------------------------------------------------------

  const newRequestId = () => `m${Date.now().toString(36)}-${(++state.seq).toString(36)}`;

  function send(message) {
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
      log('error', 'not connected');
      return false;
    }
    state.socket.send(JSON.stringify(message));
    return true;
  }

  function act(action, fields = {}) {
    const requestId = newRequestId();
    if (send({ type: 'action', action, ...fields, request_id: requestId })) {
      state.pending.set(requestId, { action, sentAt: performance.now() });
      log('action', `→ ${action} ${Object.values(fields).join(' ')}`.trim());
    }
  }

  /** The chain a snapshot's world version is of: its `chain` (an area's, where interest is scoped by area), else its zone's id. */
  function chainOf(aoi) {
    return aoi ? aoi.chain || (aoi.zone ? aoi.zone.id : undefined) : undefined;
  }

  /** A fresh snapshot over the socket: update_location at the zone's own position keeps you where you are. */
  function requestSnapshot() {
    const gps = state.aoi && state.aoi.zone && state.aoi.zone.gps;
    if (gps) send({ type: 'update_location', lat: gps.lat, lng: gps.lng, request_id: newRequestId() });
  }

  // ---- the event log -------------------------------------------------------------------------

  function log(kind, text, extra) {
    const li = document.createElement('li');
    li.className = kind;
    li.dataset.kind = kind;
    if (extra) Object.assign(li.dataset, extra);
    li.textContent = `${new Date().toISOString().slice(11, 23)} ${kind} ${text}`;
    $('log').prepend(li);
    while ($('log').children.length > MAX_LOG) $('log').lastChild.remove();
    return li;
  }

  const ms = (value) => `${Math.max(0, Math.round(value))} ms`;

  // ---- applying the protocol -----------------------------------------------------------------

  function adoptAreaOfInterest(message) {
    state.aoi = message;
    const v = message.versions || {};
    state.versions.world = v.world ?? message.snapshot_version ?? null;
    state.versions.player = v.player ?? null;
    state.resuming = false;
    render();
    log('area_of_interest', `${message.zone ? message.zone.id : '?'} world v${state.versions.world} · player v${state.versions.player}`
      + (message.resync ? ' (resync: the server closed a gap with a snapshot)' : ''), { resync: String(!!message.resync) });
  }

  /**
   * A world_update is applied only when its base_version is the version held for its scope;
   * one already applied is dropped; one further ahead means a delta was missed: ask to resume.
   */
  function onWorldUpdate(message) {
    const scope = message.scope || 'world';
    const held = state.versions[scope];
    const changes = message.changes || [];
    const ids = changes.filter((c) => isItemPath(c.path)).map((c) => c.instance_id);
    const summary = changes.map((c) => `${c.operation} ${isItemPath(c.path) ? c.instance_id : c.path}`).join(', ');
    const published = Date.now() - (message.timestamp || Date.now());
    const requestId = message.metadata && message.metadata.request_id;
    const mine = requestId && state.pending.get(requestId);
    const latency = `${ms(published)} since published` + (mine ? ` · ${ms(performance.now() - mine.sentAt)} since your ${mine.action}` : '');

    if (held != null && message.snapshot_version != null && message.snapshot_version <= held) {
      log('duplicate', `${scope} v${message.snapshot_version} already applied`);
      return;
    }
    if (held != null && message.base_version != null && message.base_version !== held) {
      log('gap', `${scope}: holding v${held}, delta is v${message.base_version}→${message.snapshot_version}; resuming`);
      if (!state.resuming) {
        state.resuming = true;
        // the world version is a link of the zone's own chain (or its area's): name the chain it belongs to
        send({ type: 'resume', versions: { ...state.versions }, zone: chainOf(state.aoi) });
      }
      return;
    }
    if (state.aoi) changes.forEach(applyChange);
    if (message.snapshot_version != null) state.versions[scope] = message.snapshot_version;
    render();
    log('world_update', `${scope} v${message.base_version}→${message.snapshot_version} ${summary} (${latency})`,
      { instanceIds: ids.join(' '), latencyMs: String(Math.max(0, Math.round(published))) });
    if (changes.some((c) => (c.path === 'world' || c.path === 'player') && c.fields && c.fields.reset)) {
      log('reset', `${scope} was reset by an admin; fetching a fresh snapshot`);
      requestSnapshot();
    }
  }

  const isItemPath = (path) => SPOT_ITEMS.test(path || '') || path === 'player.inventory';

  function applyToList(list, change) {
    switch (change.operation) {
      case 'add':
        return change.item ? [...list.filter((i) => i.instance_id !== change.instance_id), change.item] : list;
      case 'remove':
        return list.filter((i) => i.instance_id !== change.instance_id);
      case 'update':
        return list.map((i) => (i.instance_id === change.instance_id ? { ...i, ...(change.fields || {}) } : i));
      default:
        return list;
    }
  }

  function applyChange(change) {
    const aoi = state.aoi;
    const path = change.path || '';
    const spotPath = SPOT_ITEMS.exec(path);
    const player = aoi.player || (aoi.player = {});
    if (spotPath) {
      const [, zone, area, spot] = spotPath;
      const spots = aoi.zone && aoi.zone.id === zone && aoi.areas && aoi.areas[area] && aoi.areas[area].spots;
      if (spots && spots[spot]) spots[spot].items = applyToList(spots[spot].items || [], change);
    } else if (path === 'player.inventory') {
      player.inventory = applyToList(player.inventory || [], change);
    } else if (path === 'player.location' && change.fields) {
      const movedZone = change.fields.current_location && change.fields.current_location !== player.current_location;
      player.current_area = change.fields.current_area ?? player.current_area;
      player.current_location = change.fields.current_location ?? player.current_location;
      if (movedZone) requestSnapshot();
    } else if (path.startsWith('player.quests.')) {
      const questId = path.slice('player.quests.'.length);
      const quests = player.quests || (player.quests = {});
      quests[questId] = change.operation === 'add' && change.item ? change.item : { ...(quests[questId] || {}), ...(change.fields || {}) };
    } else if (path === 'player.stats' && change.fields) {
      player.stats = { ...(player.stats || {}), ...change.fields };
    } else if (path === 'player.state' && change.fields) {
      player.state = { ...(player.state || {}), ...change.fields };
    } else if (path.startsWith('world.npcs.') && change.fields && Array.isArray(change.fields.inventory)) {
      state.npcInventory[path.slice('world.npcs.'.length)] = change.fields.inventory;
    } else if (path === 'world.global_state' && change.fields) {
      aoi.global_state = { ...(aoi.global_state || {}), ...change.fields };
    }
  }

  function onActionResponse(message) {
    const pending = state.pending.get(message.request_id);
    state.pending.delete(message.request_id);
    const took = pending ? ` (${ms(performance.now() - pending.sentAt)})` : '';
    const outcome = message.success ? 'ok' : `failed ${message.code || ''}`;
    log('action_response', `${message.action}: ${outcome}${took} — ${message.message || ''}`,
      { action: message.action || '', success: String(!!message.success) });
    const offer = message.metadata && message.metadata.quest_offer;
    if (offer && offer.quest_id) {
      state.questOffers[offer.quest_id] = offer;
      render();
    }
  }

  function onQuest(message) {
    const q = message.quest_updates || {};
    if (q.quest_id) {
      state.questNotes[q.quest_id] = q;
      delete state.questOffers[q.quest_id];
    }
    render();
    log(message.type, `${q.name || q.quest_id}: ${q.message || q.status || ''}`);
  }

  // ---- chat ----------------------------------------------------------------------------------

  function sayToLouisa(event) {
    event.preventDefault();
    const text = $('chat-text').value.trim();
    if (!text) return;
    const requestId = newRequestId();
    const frame = { type: 'chat', text, request_id: requestId };
    if (state.conversationId) frame.conversation_id = state.conversationId;
    if (!send(frame)) return;
    const turn = document.createElement('div');
    turn.className = 'turn';
    turn.dataset.requestId = requestId;
    turn.dataset.state = 'sent';
    const said = document.createElement('div');
    said.className = 'said';
    said.textContent = `> ${text}`;
    const answer = document.createElement('div');
    answer.className = 'answer';
    const timing = document.createElement('small');
    timing.className = 'timing';
    turn.append(said, answer, timing);
    $('narrative').append(turn);
    state.turns.set(requestId, turn);
    $('chat-text').value = '';
    scrollNarrative();
  }

  function onChat(message) {
    const turn = state.turns.get(message.request_id);
    if (message.conversation_id) state.conversationId = message.conversation_id;
    if (!turn) return;
    if (message.type === 'chat_started') {
      turn.dataset.state = 'streaming';
      turn.dataset.conversationId = message.conversation_id || '';
      log('chat_started', `conversation ${message.conversation_id}`);
    } else if (message.type === 'chat_content') {
      turn.querySelector('.answer').append(message.content || '');
    } else if (message.type === 'chat_complete') {
      turn.dataset.state = 'complete';
      const t = message.metadata || {};
      const parts = [];
      if (t.time_to_world_update_ms != null) parts.push(`world_update after ${ms(t.time_to_world_update_ms)}`);
      if (t.time_to_first_content_ms != null) parts.push(`first words after ${ms(t.time_to_first_content_ms)}`);
      if (t.total_ms != null) parts.push(`${ms(t.total_ms)} in all`);
      turn.querySelector('.timing').textContent = parts.join(' · ');
      log('chat_complete', parts.join(' · '));
      state.turns.delete(message.request_id);
    }
    scrollNarrative();
  }

  function scrollNarrative() {
    $('narrative').scrollTop = $('narrative').scrollHeight;
  }

  // ---- rendering -----------------------------------------------------------------------------

  function button(label, onClick, testId) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (testId) b.dataset.test = testId;
    b.addEventListener('click', onClick);
    return b;
  }

  function chip(kind, text, data) {
    const span = document.createElement('span');
    span.className = kind;
    Object.assign(span.dataset, data);
    span.append(text);
    return span;
  }

  function npcsInCurrentArea() {
    const aoi = state.aoi;
    const area = aoi && aoi.areas && aoi.player ? aoi.areas[aoi.player.current_area] : null;
    return area ? Object.values(area.spots || {}).flatMap((s) => s.npcs || []) : [];
  }

  function render() {
    $('versions').textContent = `world v${state.versions.world ?? '?'} · player v${state.versions.player ?? '?'}`;
    const aoi = state.aoi;
    if (!aoi) return;
    const zone = aoi.zone || {};
    $('zone').textContent = `${zone.name || zone.id || '?'} — ${zone.description || ''}`;
    const player = aoi.player || {};
    renderAreas(aoi, player.current_area);
    renderGlobal(aoi.global_state || {});
    $('where').textContent = `in ${zone.name || player.current_location || '?'} › ${player.current_area || '(entrance)'}`;
    renderInventory(player.inventory || []);
    renderQuests(player.quests || {});
  }

  function renderAreas(aoi, current) {
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
        s.dataset.spot = spotId;
        s.append(`${spot.name || spotId}: `);
        for (const item of spot.items || []) {
          if (item.visible === false) continue;
          const c = chip('item', item.name || item.semantic_name || item.instance_id, { instanceId: item.instance_id });
          c.title = item.description || '';
          if (areaId === current && item.collectible !== false) {
            c.append(button('Collect', () => act('collect_item', { instance_id: item.instance_id }), `collect-${item.instance_id}`));
          }
          s.append(c);
        }
        for (const npc of spot.npcs || []) {
          const id = npc.npc_id || npc.id || npc;
          const c = chip('npc', npc.name || id, { npcId: id });
          c.title = npc.description || '';
          const holds = state.npcInventory[id];
          if (holds && holds.length) c.append(chip('holds', `holds ${holds.join(', ')}`, {}));
          if (areaId === current) c.append(button('Talk', () => act('talk', { npc_id: id }), `talk-${id}`));
          s.append(c);
        }
        div.append(s);
      }
      areas.append(div);
    }
  }

  function renderGlobal(global) {
    const flags = Object.entries(global).filter(([, v]) => v !== false && v != null);
    $('global').textContent = flags.length ? `world: ${flags.map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(', ')}` : '';
  }

  function renderInventory(items) {
    const inv = $('inventory');
    inv.replaceChildren();
    if (!items.length) inv.append(chip('empty', 'nothing yet', {}));
    for (const item of items) {
      const li = document.createElement('li');
      li.dataset.instanceId = item.instance_id;
      li.append(item.name || item.semantic_name || item.instance_id, ' ');
      li.append(button('Drop', () => act('drop_item', { instance_id: item.instance_id }), `drop-${item.instance_id}`));
      for (const npc of npcsInCurrentArea()) {
        const id = npc.npc_id || npc.id || npc;
        li.append(button(`Give to ${npc.name || id}`,
          () => act('give_item', { instance_id: item.instance_id, target_npc_id: id }), `give-${item.instance_id}-${id}`));
      }
      inv.append(li);
    }
  }

  function renderQuests(quests) {
    const list = $('quests');
    list.replaceChildren();
    const ids = new Set([...Object.keys(quests), ...Object.keys(state.questNotes)]);
    for (const id of ids) {
      const q = quests[id] || {};
      const note = state.questNotes[id] || {};
      const li = document.createElement('li');
      li.dataset.questId = id;
      li.dataset.status = note.status || q.status || '';
      const progress = Object.entries(q.progress || {}).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}${note.required ? '/' + note.required : ''}`);
      li.textContent = `${note.name || id}: ${note.status || q.status || '?'}${progress.length ? ' — ' + progress.join(', ') : ''}`;
      list.append(li);
    }
    for (const [id, offer] of Object.entries(state.questOffers)) {
      if (ids.has(id)) continue;
      const li = document.createElement('li');
      li.dataset.questId = id;
      li.append(`${offer.name || id} (offered) `, button('Accept', () => act('accept_quest', { quest_id: id }), `accept-${id}`));
      list.append(li);
    }
  }

  // ---- the socket ----------------------------------------------------------------------------

  function onMessage(raw) {
    let m;
    try { m = JSON.parse(raw.data); } catch { log('error', 'unreadable frame'); return; }
    switch (m.type) {
      case 'connected':
        $('who').textContent = `${m.user_id} · connection ${m.connection_id}`;
        log('connected', `as ${m.user_id} to ${m.experience} (server at world v${m.versions ? m.versions.world : '?'} · player v${m.versions ? m.versions.player : '?'})`);
        break;
      case 'area_of_interest': adoptAreaOfInterest(m); break;
      case 'world_update': onWorldUpdate(m); break;
      case 'action_response': onActionResponse(m); break;
      case 'quest_update':
      case 'quest_complete': onQuest(m); break;
      case 'chat_started':
      case 'chat_content':
      case 'chat_complete': onChat(m); break;
      case 'resumed':
        state.resuming = false;
        log('resumed', `from world v${m.from.world} · player v${m.from.player} to world v${m.to.world} · player v${m.to.player}, ${m.replayed} replayed${m.resync ? ', resync' : ''}`);
        break;
      case 'error': onError(m); break;
      case 'pong':
        if (typeof m.timestamp === 'number') $('rtt').textContent = `ping ${ms(Date.now() - m.timestamp)}`;
        break;
      case 'token_expiring': refreshToken(m); break;
      case 'token_refreshed': log('token_refreshed', `valid until ${new Date(m.expires_at).toISOString()}`); break;
      case 'commands_schema': log('commands_schema', Object.keys(m.commands || {}).join(', ')); break;
      default: log(m.type || 'message', JSON.stringify(m).slice(0, 200));
    }
  }

  function onError(m) {
    log('error', `${m.code}: ${m.message}${m.field ? ` (field ${m.field})` : ''}`);
    const turn = state.turns.get(m.request_id);
    if (turn) {
      turn.dataset.state = 'failed';
      turn.querySelector('.timing').textContent = `${m.code}: ${m.message}`;
      state.turns.delete(m.request_id);
    }
    if (state.pending.delete(m.request_id)) render();
  }

  /** A token minted here is renewed here; a pasted one has to be replaced by hand. */
  async function refreshToken(m) {
    log('token_expiring', `at ${new Date(m.expires_at).toISOString()}`);
    if (!state.minted) return;
    const token = await mintFor($('user').value.trim());
    if (token) {
      $('token').value = token;
      send({ type: 'refresh_token', token });
    }
  }

  function setStatus(text, online) {
    $('status').textContent = text;
    $('status').className = `status ${online ? 'online' : 'offline'}`;
    $('status').dataset.state = online ? 'online' : 'offline';
    $('disconnect').disabled = !state.wantOpen;
  }

  /** Opens the socket; with {@code resume}, hands the server the versions held so it replays what was missed. */
  function open(resume) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const params = new URLSearchParams({ token: $('token').value.trim(), experience: $('experience').value.trim() });
    if (resume && state.versions.world != null && state.versions.player != null) {
      params.set('world_version', state.versions.world);
      params.set('player_version', state.versions.player);
      if (chainOf(state.aoi)) params.set('zone', chainOf(state.aoi));
    }
    const socket = new WebSocket(`${scheme}://${location.host}/ws/experience?${params}`);
    state.socket = socket;
    setStatus('connecting', false);
    socket.addEventListener('open', () => { state.retries = 0; setStatus('online', true); });
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', (e) => {
      if (state.socket !== socket) return;
      log('closed', `${e.code} ${e.reason || ''}`, { code: String(e.code) });
      if (state.wantOpen && RECONNECT_CODES.has(e.code)) {
        const delay = Math.min(500 * 2 ** state.retries++, 8000);
        setStatus(`reconnecting in ${delay} ms (${e.code})`, false);
        setTimeout(() => { if (state.wantOpen && state.socket === socket) open(true); }, delay);
      } else {
        state.wantOpen = false;
        setStatus(`offline (${e.code}${e.reason ? ' ' + e.reason : ''})`, false);
      }
    });
  }

  function connect(event) {
    event.preventDefault();
    disconnect();
    Object.assign(state, { aoi: null, versions: { world: null, player: null }, resuming: false, conversationId: null,
      npcInventory: {}, questNotes: {}, questOffers: {}, wantOpen: true, retries: 0 });
    state.pending.clear();
    state.turns.clear();
    $('narrative').replaceChildren();
    open(false);
  }

  function disconnect() {
    state.wantOpen = false;
    const socket = state.socket;
    state.socket = null;
    if (socket) socket.close(1000);
    setStatus('offline', false);
  }

  async function mintFor(user) {
    const response = await fetch(`/mirror/dev-token?user=${encodeURIComponent(user)}`);
    if (!response.ok) {
      log('error', `cannot mint a token here (${response.status}); paste one from ./gaia token --user ${user}`);
      return null;
    }
    return (await response.json()).token;
  }

  async function mint() {
    const token = await mintFor($('user').value.trim());
    if (token) {
      $('token').value = token;
      state.minted = true;
      log('token', `minted a development token for ${$('user').value.trim()}`);
    }
  }

  const query = new URLSearchParams(location.search);
  if (query.get('user')) $('user').value = query.get('user');
  if (query.get('experience')) $('experience').value = query.get('experience');
  $('connect-form').addEventListener('submit', connect);
  $('disconnect').addEventListener('click', disconnect);
  $('mint').addEventListener('click', mint);
  $('token').addEventListener('input', () => { state.minted = false; });
  $('chat-form').addEventListener('submit', sayToLouisa);
  // For the browser console (and the end-to-end test): the state this page holds.
  window.gaiaMirror = { state };
  setInterval(() => { if (state.socket && state.socket.readyState === WebSocket.OPEN) send({ type: 'ping', timestamp: Date.now() }); }, 15000);
  render();
})();

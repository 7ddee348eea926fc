// eegdecode live view: plain JavaScript and canvas, no libraries (every asset comes from the jar).
// The server pushes one "snapshot" when the page connects (or after it fell behind), then "delta"
// messages: new decoded epochs, new trace samples, and every ui.status_every_ms the status
// (the decoder's running summary), the latency histograms and the phase.
'use strict';

const view = {
  info: null,
  epochs: [],          // recent decoded epochs, oldest first
  ticks: [],           // [marker_ts, epoch, verdict] within the trace window
  trace: null,         // {t0, rate, g: [], v: [[…] per channel]}
  status: null,
  latency: null,
  phase: 'starting',
  resetRows: false,
  ended: false,
  connected: false,
  messages: 0,
};
const MAX_EPOCHS_SHOWN = 24;
const VERDICT_COLOURS = { '1': '#1a9c5b', '5': '#d38b0b', '0': '#c93c3c', '-': '#9aa1ab' };
const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ connection

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const ws = new WebSocket(scheme + location.host + '/ws');
  ws.onopen = () => { view.connected = true; renderHeader(); };
  ws.onmessage = (event) => {
    view.messages++;
    handle(JSON.parse(event.data));
  };
  ws.onclose = () => {
    view.connected = false;
    renderHeader();
    if (!view.ended) setTimeout(connect, 2000);
  };
}

function handle(msg) {
  if (msg.type === 'snapshot') {
    view.info = msg.info || null;
    view.epochs = [];
    view.ticks = (msg.ticks || []).slice();
    view.trace = null;
    view.resetRows = true;
  }
  view.phase = msg.phase;
  view.ended = msg.ended;
  for (const e of msg.epochs || []) {
    view.epochs.push(e);
    if (msg.type === 'delta') view.ticks.push([e.marker_ts, e.epoch, verdictOf(e)]);
  }
  if (view.epochs.length > MAX_EPOCHS_SHOWN) view.epochs.splice(0, view.epochs.length - MAX_EPOCHS_SHOWN);
  if (msg.trace) addTrace(msg.trace, msg.type === 'snapshot');
  if (msg.status) view.status = msg.status;
  if (msg.latency) view.latency = msg.latency;
  schedule(msg.type === 'snapshot' || (msg.epochs && msg.epochs.length > 0), !!msg.trace, !!msg.status);
}

function verdictOf(e) {
  return !e.labelled ? '-' : e.top1 ? '1' : e.top5 ? '5' : '0';
}

// ------------------------------------------------------------------ traces

function addTrace(t, reset) {
  const channels = t.data.length;
  if (reset || !view.trace || view.trace.t0 !== t.t0 || view.trace.v.length !== channels) {
    view.trace = { t0: t.t0, rate: t.rate, g: [], v: Array.from({ length: channels }, () => []) };
  }
  const tr = view.trace;
  const n = channels ? t.data[0].length : 0;
  for (let i = 0; i < n; i++) {
    tr.g.push(t.g + i * t.step);
    for (let c = 0; c < channels; c++) tr.v[c].push(t.data[c][i]);
  }
  // keep the window (and a little more)
  const seconds = (view.info && view.info.trace_seconds) || 5;
  const newest = tr.g.length ? tr.g[tr.g.length - 1] : 0;
  let drop = 0;
  while (drop < tr.g.length && newest - tr.g[drop] > seconds * tr.rate * 1.1) drop++;
  if (drop > 0) {
    tr.g.splice(0, drop);
    for (const row of tr.v) row.splice(0, drop);
  }
}

function drawTraces() {
  const canvas = $('traces');
  const ctx = fit(canvas);
  const w = canvas.clientWidth, h = canvas.clientHeight;
  ctx.clearRect(0, 0, w, h);
  const tr = view.trace;
  const labels = (view.info && view.info.channels) || [];
  const seconds = (view.info && view.info.trace_seconds) || 5;
  if (!tr || tr.g.length < 2) {
    ctx.fillStyle = '#6b7280';
    ctx.fillText('waiting for epochs…', 12, 20);
    return;
  }
  const left = 56, right = w - 6, top = 14, bottom = h - 18;
  const newest = tr.t0 + tr.g[tr.g.length - 1] / tr.rate;
  const from = newest - seconds;
  const x = (t) => left + (t - from) / seconds * (right - left);
  // marker ticks
  view.ticks = view.ticks.filter((k) => k[0] >= from - seconds);
  ctx.font = '10px system-ui, sans-serif';
  for (const [ts, epoch, verdict] of view.ticks) {
    if (ts < from || ts > newest) continue;
    ctx.strokeStyle = VERDICT_COLOURS[verdict] || '#9aa1ab';
    ctx.globalAlpha = 0.55;
    ctx.beginPath(); ctx.moveTo(x(ts), top); ctx.lineTo(x(ts), bottom); ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillText(String(epoch), x(ts) + 2, top - 3);
  }
  // channels: one lane each, centred on the window's mean, scaled by its standard deviation
  const channels = tr.v.length;
  const lane = (bottom - top) / channels;
  ctx.lineWidth = 1;
  for (let c = 0; c < channels; c++) {
    const row = tr.v[c];
    let n = 0, sum = 0, sq = 0;
    for (const v of row) if (v !== null) { n++; sum += v; sq += v * v; }
    const mean = n ? sum / n : 0;
    const sd = n ? Math.sqrt(Math.max(sq / n - mean * mean, 1e-30)) : 1;
    const mid = top + lane * (c + 0.5);
    const scale = lane / 2 / (3 * sd);
    ctx.strokeStyle = c % 2 ? '#2f5fb3' : '#1d2330';
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < row.length; i++) {
      const t = tr.t0 + tr.g[i] / tr.rate;
      if (row[i] === null || t < from) { pen = false; continue; }
      const y = Math.max(mid - lane / 2, Math.min(mid + lane / 2, mid - (row[i] - mean) * scale));
      if (pen) ctx.lineTo(x(t), y); else { ctx.moveTo(x(t), y); pen = true; }
    }
    ctx.stroke();
    if (lane >= 9) {
      ctx.fillStyle = '#6b7280';
      ctx.fillText(labels[c] || 'ch' + (c + 1), 4, mid + 3);
    }
  }
  ctx.fillStyle = '#6b7280';
  ctx.fillText('−' + seconds + ' s', left, h - 4);
  ctx.fillText('newest sample', right - 70, h - 4);
  $('trace-legend').textContent = channels + ' channels at ' + (tr.rate / stepOf(tr)).toFixed(0)
    + ' Hz shown (model rate ' + tr.rate + ' Hz); ticks: markers, green top-1, amber top-5, red miss';
}

function stepOf(tr) {
  return tr.g.length > 1 ? tr.g[1] - tr.g[0] : 1;
}

// ------------------------------------------------------------------ thumbnails and epochs

function thumb(entry, cls, caption) {
  const box = document.createElement('div');
  box.className = 'thumb ' + cls;
  box.dataset.concept = entry.concept;
  if (entry.image) {
    const img = document.createElement('img');
    img.src = entry.image;
    img.alt = entry.concept + '/' + entry.file;
    img.title = entry.concept + '/' + entry.file;
    img.onerror = () => img.replaceWith(placeholder(entry));
    box.appendChild(img);
  } else {
    box.appendChild(placeholder(entry));
  }
  const name = document.createElement('div');
  name.className = 'concept';
  name.textContent = entry.concept;
  name.title = entry.concept;
  box.appendChild(name);
  if (caption !== undefined) {
    const s = document.createElement('div');
    s.className = 'score';
    s.textContent = caption;
    box.appendChild(s);
  }
  if (entry.hit) {
    const mark = document.createElement('span');
    mark.className = 'mark';
    mark.textContent = '✓';
    box.appendChild(mark);
  }
  return box;
}

function placeholder(entry) {
  const p = document.createElement('div');
  p.className = 'img';
  p.textContent = entry.file ? entry.concept + ' / ' + entry.file : entry.concept;
  return p;
}

function epochRow(e) {
  const row = document.createElement('div');
  const verdict = verdictOf(e);
  row.className = 'epoch ' + { '1': 'top1', '5': 'top5', '0': 'miss', '-': 'unlabelled' }[verdict];
  row.dataset.epoch = e.epoch;
  const meta = document.createElement('div');
  meta.className = 'meta';
  const idx = document.createElement('div');
  idx.className = 'idx';
  idx.textContent = 'epoch ' + e.epoch;
  const v = document.createElement('div');
  v.className = 'verdict';
  v.textContent = { '1': '✓ top-1', '5': '✓ top-5', '0': '✗ miss', '-': 'unlabelled' }[verdict];
  const lat = document.createElement('div');
  lat.className = 'muted';
  lat.textContent = fmtMs(e.latency_ms.complete_to_result) + ' · ' + fmtMs(e.latency_ms.marker_to_result);
  lat.title = 'closing sample → result · marker → result';
  meta.append(idx, v, lat);
  row.appendChild(meta);
  row.appendChild(shownThumb(e));
  const sep = document.createElement('div');
  sep.className = 'sep';
  row.appendChild(sep);
  const topk = document.createElement('div');
  topk.className = 'topk';
  topk.style.display = 'flex';
  topk.style.gap = '6px';
  e.topk.forEach((t, r) => {
    const b = thumb(t, 'cand' + (t.hit ? ' hit' : ''), (r + 1) + '. ' + t.score.toFixed(3));
    b.dataset.score = t.score;
    topk.appendChild(b);
  });
  row.appendChild(topk);
  return row;
}

function shownThumb(e) {
  if (e.shown) return thumb(e.shown, 'shown', 'shown');
  return thumb({ concept: e.marker, file: '', image: null }, 'shown', 'marker');
}

const rows = new Map(); // epoch index → its row, so that each update adds only the new rows
let latestShown = null;

function renderEpochs() {
  const list = $('epochs');
  if (view.resetRows) {
    rows.clear();
    list.replaceChildren();
    latestShown = null;
    view.resetRows = false;
  }
  const keep = new Set(view.epochs.map((e) => e.epoch));
  for (const [k, el] of rows) if (!keep.has(k)) { el.remove(); rows.delete(k); }
  for (const e of view.epochs) {
    if (!rows.has(e.epoch)) {
      const el = epochRow(e);
      rows.set(e.epoch, el);
      list.prepend(el);
    }
  }
  const latest = view.epochs[view.epochs.length - 1];
  const box = $('latest');
  if (!latest) { box.replaceChildren(); return; }
  if (latest === latestShown) return;
  latestShown = latest;
  $('latest-title').textContent = 'epoch ' + latest.epoch + ' · marker ' + latest.marker;
  const sep = document.createElement('div');
  sep.className = 'sep';
  box.replaceChildren(shownThumb(latest), sep,
    ...latest.topk.map((t, r) => thumb(t, 'cand' + (t.hit ? ' hit' : ''), (r + 1) + '. ' + t.score.toFixed(3))));
}

// ------------------------------------------------------------------ status and latency

function renderHeader() {
  const conn = $('conn');
  conn.textContent = view.connected ? 'connected' : view.ended ? 'session ended' : 'disconnected';
  conn.className = 'pill ' + (view.connected ? 'on' : view.ended ? 'ended' : 'off');
  const phase = $('phase');
  phase.textContent = view.ended && view.status && view.status.stopped_by
    ? 'ended (' + view.status.stopped_by + ')' : view.phase;
  phase.className = 'pill' + (view.ended ? ' ended' : '');
  if (view.info && view.info.gallery_size) $('bundle').textContent = 'bundle ' + (view.info.bundle || '') + ' · gallery '
    + view.info.gallery_size + ' · top-' + view.info.top_k
    + (view.info.images ? '' : ' · no image folders in ' + (view.info.dataset || '(no dataset)'));
}

function renderStatus() {
  const s = view.status || {};
  const eeg = s.eeg || {}, markers = s.markers || {};
  $('eeg-name').textContent = eeg.name || '–';
  $('eeg-shape').textContent = eeg.rate !== undefined ? eeg.rate + ' Hz · ' + eeg.channels + ' ch' : '–';
  $('eeg-offset').textContent = eeg.clock_offset_s !== undefined && eeg.clock_offset_s !== null
    ? (eeg.clock_offset_s * 1e3).toFixed(3) + ' ms' : '–';
  $('eeg-samples').textContent = eeg.samples_pulled !== undefined ? eeg.samples_pulled : (s.samples !== undefined ? s.samples : '–');
  $('eeg-stalls').textContent = eeg.stalls !== undefined ? eeg.stalls + ' · ' + (eeg.reconnects ?? '–') : '–';
  $('marker-name').textContent = markers.name || '–';
  $('marker-counts').textContent = s.markers_seen !== undefined
    ? (markers.received !== undefined ? markers.received : s.markers_seen) + ' · ' + s.markers_accepted : '–';
  const drops = $('drops').tBodies[0];
  const rows = [];
  for (const [reason, n] of Object.entries(s.dropped || {})) rows.push([reason.replace(/_/g, ' '), n]);
  const ui = s.ui || {};
  rows.push(['view queue (epochs)', ui.epochs_dropped || 0]);
  rows.push(['view queue (traces)', ui.trace_epochs_dropped || 0]);
  rows.push(['decode errors', s.decode_errors || 0]);
  drops.replaceChildren(...rows.map(([k, n]) => {
    const tr = document.createElement('tr');
    if (n > 0 && k !== 'marker filtered') tr.className = 'nonzero';
    const th = document.createElement('th'); th.textContent = k;
    const td = document.createElement('td'); td.textContent = n;
    tr.append(th, td);
    return tr;
  }));
  $('decoded').textContent = s.epochs_decoded !== undefined ? s.epochs_decoded : 0;
  $('top1').textContent = pct(s.top1);
  $('top5').textContent = pct(s.top5);
  $('labelled').textContent = s.labelled
    ? s.top1_hits + ' / ' + s.labelled + ' top-1 and ' + s.top5_hits + ' / ' + s.labelled
      + ' top-5 hits among labelled epochs'
      + (view.info && view.info.gallery_size ? ' (chance top-1 ' + pct(1 / view.info.gallery_size) + ')' : '')
    : 'no labelled epoch yet';
  $('device').textContent = s.device ? 'on ' + s.device + (s.threads > 0 ? ', ' + s.threads + ' thread(s)' : '')
    + (s.seconds !== undefined ? ' · ' + s.seconds.toFixed(1) + ' s' : '') : '';
  $('view-counters').textContent = (ui.clients !== undefined ? ui.clients + ' browser(s), ' : '')
    + (ui.messages_sent || 0) + ' messages sent, ' + (ui.messages_dropped || 0) + ' skipped for slow browsers, '
    + view.messages + ' received here';
  const lat = s.latency_ms || {};
  $('lat-complete').textContent = figures(lat.complete_to_result);
  $('lat-marker').textContent = figures(lat.marker_to_result);
}

function figures(f) {
  if (!f || f.p50 === null || f.p50 === undefined) return '';
  return 'p50 ' + fmtMs(f.p50) + ' · p99 ' + fmtMs(f.p99) + ' · max ' + fmtMs(f.max);
}

function drawHistogram(id, h) {
  const canvas = $(id);
  const ctx = fit(canvas);
  const w = canvas.clientWidth, hgt = canvas.clientHeight;
  ctx.clearRect(0, 0, w, hgt);
  ctx.font = '10px system-ui, sans-serif';
  if (!h || !h.count) {
    ctx.fillStyle = '#6b7280';
    ctx.fillText('no result yet', 8, 16);
    return;
  }
  const bins = h.bins;
  const max = Math.max(...bins.map((b) => b[2]));
  const left = 8, right = w - 8, top = 8, bottom = hgt - 16;
  const bw = (right - left) / bins.length;
  ctx.fillStyle = '#2f5fb3';
  bins.forEach((b, i) => {
    const bh = max ? (bottom - top) * b[2] / max : 0;
    ctx.fillRect(left + i * bw + 0.5, bottom - bh, Math.max(1, bw - 1), bh);
  });
  ctx.fillStyle = '#6b7280';
  ctx.fillText(fmtMs(bins[0][0]), left, hgt - 3);
  const last = fmtMs(bins[bins.length - 1][1]);
  ctx.fillText(last, right - ctx.measureText(last).width, hgt - 3);
  const n = h.count + ' results';
  ctx.fillText(n, right - ctx.measureText(n).width, top + 8);
}

// ------------------------------------------------------------------ helpers

function fit(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

function pct(v) {
  return v === null || v === undefined ? '–' : (100 * v).toFixed(1) + ' %';
}

function fmtMs(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 10 ? ms.toFixed(2) + ' ms' : ms < 1000 ? ms.toFixed(1) + ' ms' : (ms / 1000).toFixed(2) + ' s';
}

const dirty = { epochs: false, trace: false, status: false };
let frame = 0;
function schedule(epochs, trace, status) {
  dirty.epochs ||= epochs;
  dirty.trace ||= trace;
  dirty.status ||= status;
  if (!frame) frame = requestAnimationFrame(render);
}

function render() {
  frame = 0;
  renderHeader();
  if (dirty.epochs) renderEpochs();
  if (dirty.status) {
    renderStatus();
    drawHistogram('hist-complete', view.latency && view.latency.complete_to_result);
    drawHistogram('hist-marker', view.latency && view.latency.marker_to_result);
  }
  if (dirty.trace || dirty.status) drawTraces();
  dirty.epochs = dirty.trace = dirty.status = false;
}

window.addEventListener('resize', () => schedule(true, true, true));
connect();

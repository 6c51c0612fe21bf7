// The console: Overview (companies, lag, backlog), Files (upload by operators, progress, history, reports), Dead
// letters (filter, read, re-drive) and Verify (the read-only account check). No library, nothing fetched from
// another site: a cluster without internet serves the whole console.
'use strict';
const ACTION = { 'X-HisabKitab-Console': '1' }; // ConsoleRequests: an action without it is refused (CSRF)
let chosen = null;
let me = { name: '', roles: [] };

// The header marks the page's own requests: with single sign-on an ended session answers them 499 (not a redirect to
// the provider, which a script cannot follow) and the page reloads, the browser going through the provider's login.
const SCRIPT = { 'X-Requested-With': 'JavaScript' };

async function api(path, options) {
  const request = Object.assign({ credentials: 'same-origin' }, options || {});
  request.headers = Object.assign({}, SCRIPT, request.headers || {});
  const res = await fetch(path, request);
  if (res.redirected && res.url.includes('/console/login.html')) { location.href = '/console/login.html'; throw new Error('logged out'); }
  if (res.status === 499) { location.reload(); throw new Error('logged out'); }
  return res;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function bar(percent) {
  const td = document.createElement('td');
  const outer = document.createElement('div');
  outer.className = 'bar';
  const inner = document.createElement('span');
  const known = percent >= 0;
  inner.style.width = (known ? Math.min(100, percent) : 0) + '%';
  const label = document.createElement('em');
  label.textContent = known ? Math.round(percent) + ' %' : '…';
  outer.append(inner, label);
  td.append(outer);
  return td;
}

function link(text, href, download) {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = href;
  if (download) a.setAttribute('download', '');
  return a;
}

function query(file) {
  return 'mode=' + encodeURIComponent(file.mode) + '&result=' + encodeURIComponent(file.result)
    + '&file=' + encodeURIComponent(file.name);
}

async function showReport(file) {
  const res = await api('/console/api/files/report?' + query(file));
  const table = await res.json();
  document.getElementById('report').hidden = false;
  document.getElementById('report-title').textContent = 'Report of ' + file.name;
  const head = document.querySelector('#report-table thead');
  const body = document.querySelector('#report-table tbody');
  head.replaceChildren();
  body.replaceChildren();
  const tr = document.createElement('tr');
  (table.header || []).forEach(h => { const th = document.createElement('th'); th.textContent = h; tr.append(th); });
  head.append(tr);
  (table.rows || []).forEach(row => {
    const r = document.createElement('tr');
    row.forEach((v, i) => r.append(cell(v, table.header[i] === 'status' && v === 'failed' ? 'failed' : '')));
    body.append(r);
  });
}

async function refresh() {
  const res = await api('/console/api/files');
  if (!res.ok) return;
  const page = await res.json();
  const progress = document.querySelector('#in-progress tbody');
  progress.replaceChildren(...page.inProgress.map(f => {
    const tr = document.createElement('tr');
    tr.dataset.file = f.file;
    tr.append(cell(f.file), cell(f.mode), cell(f.state), bar(f.state === 'waiting' ? 0 : f.percentRead),
      cell(f.done), cell(f.failed, f.failed > 0 ? 'failed' : ''), cell(f.perSecond.toFixed(1)), cell(f.timeLeft));
    return tr;
  }));
  const history = document.querySelector('#history tbody');
  history.replaceChildren(...page.history.map(f => {
    const tr = document.createElement('tr');
    tr.dataset.file = f.name;
    const actions = document.createElement('td');
    const show = document.createElement('button');
    show.textContent = 'Report';
    show.className = 'show-report';
    show.onclick = () => showReport(f);
    actions.append(show, ' ', link('CSV', '/console/api/files/report.csv?' + query(f), true));
    if (f.failed > 0) {
      const failedRows = link('Failed rows', '/console/api/files/failed-rows?' + query(f), true);
      failedRows.className = 'failed-rows';
      actions.append(' ', failedRows);
    }
    tr.append(cell(f.finished.replace('T', ' ').replace('Z', '')), cell(f.name), cell(f.mode),
      cell(f.result, f.result === 'failed' ? 'failed' : ''), bar(100), cell(f.ok), cell(f.failed, f.failed > 0 ? 'failed' : ''),
      cell(f.planned), cell(f.duplicate), actions);
    return tr;
  }));
}

function choose(file) {
  chosen = file;
  document.getElementById('chosen').textContent = file ? file.name + ' (' + file.size + ' bytes)' : '';
  document.getElementById('send').disabled = !file;
}

async function send() {
  document.getElementById('send').disabled = true; // one upload at a time
  const mode = document.querySelector('input[name=mode]:checked').value;
  const result = document.getElementById('upload-result');
  const res = await api('/console/actions/files?name=' + encodeURIComponent(chosen.name) + '&mode=' + mode,
    { method: 'PUT', headers: ACTION, body: chosen });
  if (res.ok) {
    result.className = '';
    result.textContent = chosen.name + (mode === 'book' ? ' is in the inbox: it is booked now.' : ' is being checked: nothing is booked.');
    choose(null);
  } else {
    result.className = 'problem';
    let message = 'The upload was refused (' + res.status + ')';
    try { message = (await res.json()).problem || message; } catch (e) { /* not JSON */ }
    result.textContent = message;
    document.getElementById('send').disabled = !chosen;
  }
  refresh();
}

// --- Dead letters -------------------------------------------------------------------------------------------------
let shownDeadLetters = [];

function pretty(value) {
  const pre = document.createElement('pre');
  pre.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return pre;
}

function details(letter) {
  const tr = document.createElement('tr');
  tr.className = 'details';
  tr.hidden = true;
  const td = document.createElement('td');
  td.colSpan = 8;
  const error = letter.error || {};
  const parts = [['What went wrong', error.message]];
  if (error.httpStatus) parts.push(['HisabKitab answered', 'HTTP ' + error.httpStatus]);
  if (error.response) parts.push(['HisabKitab\'s answer (field errors)', error.response]);
  if (error.details && error.details.length) parts.push(['Details', error.details.join('\n')]);
  parts.push(['The event as received', letter.event]);
  if (letter.request) parts.push(['The request that was sent (' + letter.request.operation + ')', letter.request.body || '']);
  parts.forEach(([title, value]) => {
    const h = document.createElement('strong');
    h.textContent = title;
    td.append(h, pretty(value));
  });
  tr.append(td);
  return tr;
}

async function loadDeadLetters() {
  const form = new FormData(document.getElementById('dead-letter-filter'));
  const query = new URLSearchParams();
  for (const [name, value] of form.entries()) if (value) query.set(name, value);
  const res = await api('/console/api/dead-letters?' + query);
  const page = await res.json();
  document.getElementById('no-kafka').hidden = page.kafka;
  shownDeadLetters = page.deadLetters;
  document.getElementById('dead-letter-count').textContent = page.kafka
    ? page.matching + ' dead letter(s) match' + (page.matching > page.deadLetters.length ? ', the newest ' + page.deadLetters.length + ' shown' : '')
    : '';
  const body = document.querySelector('#dead-letter-table tbody');
  body.replaceChildren();
  page.deadLetters.forEach(d => {
    const letter = d.letter;
    const tr = document.createElement('tr');
    tr.dataset.id = letter.id || '';
    const choose = document.createElement('td');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'choose';
    box.value = letter.id || '';
    box.dataset.company = letter.company || '';
    box.disabled = !letter.id || !me.roles.includes('operator');
    box.onchange = () => { document.getElementById('redrive-chosen').disabled = chosenIds().length === 0; };
    choose.append(box);
    const message = cell((letter.error || {}).message);
    message.style.cursor = 'pointer';
    message.title = 'Show HisabKitab\'s answer and the event';
    tr.append(choose, cell((letter.failedAt || '').replace('T', ' ').replace('Z', '')), cell(letter.id), cell(letter.type),
      cell(letter.company), cell((letter.error || {}).category), message,
      cell(d.completedSince ? 'booked since' : 'waiting', d.completedSince ? 'booked' : ''));
    const more = details(letter);
    message.onclick = () => { more.hidden = !more.hidden; };
    body.append(tr, more);
  });
  document.getElementById('redrive-chosen').disabled = true;
}

// an event is its company and its id (two companies may use one id)
function chosenIds() {
  return [...document.querySelectorAll('#dead-letter-table input.choose:checked')]
    .map(b => ({ company: b.dataset.company, id: b.value })).filter(e => e.id);
}

async function redrive(ids) {
  const result = document.getElementById('redrive-result');
  if (ids.length === 0) { result.textContent = 'No dead letter with an event id is shown.'; return; }
  if (!confirm('Send ' + ids.length + ' event(s) back through the connector? Each keeps its id: an event booked meanwhile is answered "duplicate".')) return;
  const res = await api('/console/actions/dead-letters/redrive',
    { method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, ACTION), body: JSON.stringify(ids) });
  let answer = {};
  try { answer = await res.json(); } catch (e) { answer = { problem: 'The connector answered ' + res.status }; }
  if (!res.ok) {
    result.className = 'problem';
    result.textContent = answer.problem || ('Refused (' + res.status + ')');
    return;
  }
  result.className = '';
  result.textContent = 'Re-driven: ' + answer.redriven.length + (answer.skipped.length
    ? '; skipped: ' + answer.skipped.map(s => (s.id || s.from) + ' (' + s.reason + ')').join('; ') : '');
  setTimeout(loadDeadLetters, 1500);
}

// --- Overview and Verify ------------------------------------------------------------------------------------------
async function loadOverview() {
  const res = await api('/console/api/overview');
  if (!res.ok) return;
  const page = await res.json();
  document.getElementById('kafka-lag').textContent = page.kafkaLag === null ? 'Kafka: not configured.'
    : 'Kafka lag: ' + page.kafkaLag + ' record(s) not yet read.';
  document.getElementById('inbox-backlog').textContent = page.inboxBacklog === null ? ''
    : 'Inbox: ' + page.inboxBacklog + ' file(s) waiting.';
  const body = document.querySelector('#companies tbody');
  body.replaceChildren(...page.companies.map(c => {
    const tr = document.createElement('tr');
    tr.dataset.company = c.company;
    const error = c.lastError ? c.lastError.at.replace('T', ' ').replace(/\..*Z|Z/, '') + ' ' + c.lastError.category
      + ' (' + (c.lastError.eventId || 'no id') + '): ' + c.lastError.message : '';
    tr.append(cell(c.company), cell(c.running ? 'running' : 'paused: ' + c.pausedBecause, c.running ? '' : 'failed'),
      cell(c.lastHour.in), cell(c.lastHour.ok + c.lastHour.duplicate), cell(c.lastHour.failed, c.lastHour.failed ? 'failed' : ''),
      cell(c.lastDay.in), cell(c.lastDay.ok + c.lastDay.duplicate), cell(c.lastDay.failed, c.lastDay.failed ? 'failed' : ''),
      cell(error));
    return tr;
  }));
}

async function runVerify(e) {
  e.preventDefault();
  const company = document.getElementById('verify-company').value;
  const result = document.getElementById('verify-result');
  result.className = '';
  result.textContent = 'Checking ' + company + '…';
  const res = await api('/console/api/verify?company=' + encodeURIComponent(company));
  const report = await res.json();
  const body = document.querySelector('#verify-table tbody');
  body.replaceChildren();
  if (!res.ok) { result.className = 'problem'; result.textContent = report.problem; return; }
  report.rows.forEach(r => {
    const tr = document.createElement('tr');
    const understood = r.understood === null ? 'n/a' : r.understood ? 'yes' : 'NO';
    tr.append(cell(r.operation), cell(r.path), cell(r.httpStatus), cell(understood, r.understood === false ? 'failed' : ''),
      cell(r.missing));
    body.append(tr);
  });
  const failed = report.rows.filter(r => r.understood === false).length;
  result.className = failed ? 'problem' : 'booked';
  result.textContent = failed ? failed + ' of ' + report.rows.length + ' answers of ' + report.company
    + ' are not understood: nothing can be booked safely until they are.'
    : 'Every answer the connector needs from ' + report.company + ' is understood.';
}

const TABS = ['overview', 'files', 'dead-letters', 'verify'];

function showTab() {
  const asked = location.hash.replace('#', '');
  const tab = TABS.includes(asked) ? asked : 'overview';
  TABS.forEach(t => {
    document.getElementById(t).hidden = t !== tab;
    document.getElementById('tab-' + t).className = t === tab ? 'current' : '';
  });
  if (tab === 'dead-letters') loadDeadLetters();
  if (tab === 'overview') loadOverview();
}

async function start() {
  me = await (await api('/console/api/me')).json();
  document.getElementById('who').textContent = me.name + ' (' + me.roles.join(', ') + ')';
  const operator = me.roles.includes('operator');
  document.querySelectorAll('.operator-only').forEach(e => { e.hidden = !operator; });
  document.querySelectorAll('.viewer-only').forEach(e => { e.hidden = operator; });
  const zone = document.getElementById('drop-zone');
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => { e.preventDefault(); zone.classList.remove('over'); choose(e.dataTransfer.files[0]); });
  document.getElementById('file-picker').addEventListener('change', e => choose(e.target.files[0]));
  document.getElementById('send').addEventListener('click', send);
  document.getElementById('dead-letter-filter').addEventListener('submit', e => { e.preventDefault(); loadDeadLetters(); });
  document.getElementById('redrive-chosen').addEventListener('click', () => redrive(chosenIds()));
  document.getElementById('redrive-matching').addEventListener('click',
    () => redrive(shownDeadLetters.filter(d => d.letter.id).map(d => ({ company: d.letter.company || '', id: d.letter.id }))));
  window.addEventListener('hashchange', showTab);
  showTab();
  document.getElementById('verify-form').addEventListener('submit', runVerify);
  await refresh();
  setInterval(refresh, 1000);
  setInterval(() => { if (!document.getElementById('overview').hidden) loadOverview(); }, 5000);
}

start();

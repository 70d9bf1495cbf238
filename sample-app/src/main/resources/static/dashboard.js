// Live dashboard: once a second, reads every pool from the actuator endpoint and the latency percentiles from
// the sample's /dashboard/latency, and plots the last five minutes of each pool with uPlot.
//
// Memory is bounded: each series keeps at most HISTORY points (a ring: the oldest is dropped as a new one
// comes), and a pool that disappears from the endpoint has its charts destroyed and its history dropped. So a
// page left open for days with many pools holds pools x 17 series x HISTORY numbers, no more.
(function () {
  'use strict';

  const ENDPOINT = '/actuator/threadpool';
  const LATENCY = '/dashboard/latency';
  const POLL_MS = 1000;
  // Points per series: five minutes at one a second. '?history=N' (1 to 300) keeps fewer, for a test.
  const HISTORY = Math.min(300, Math.max(1, Number(new URLSearchParams(location.search).get('history')) || 300));
  const COLORS = { busy: '#2563eb', muted: '#9ca3af', ok: '#15803d', bad: '#b91c1c', warn: '#b45309',
                   rejected: '#7c3aed', p50: '#0891b2', p95: '#d97706', p99: '#dc2626' };

  // What each pool plots: a chart per entry, a line per series; 'from' reads the value of one poll.
  const CHARTS = [
    { key: 'queue', title: 'Queue: depth against capacity', series: [
      { label: 'depth', color: COLORS.busy, fill: 'rgba(37,99,235,0.12)', from: (p) => p.queue.depth },
      { label: 'capacity', color: COLORS.muted, dash: [6, 4], from: (p) => p.queue.capacity }] },
    { key: 'workers', title: 'Workers: busy and alive', series: [
      { label: 'busy', color: COLORS.busy, fill: 'rgba(37,99,235,0.12)', from: (p) => p.workers.busy },
      { label: 'alive', color: COLORS.muted, dash: [6, 4], from: (p) => p.workers.alive }] },
    { key: 'throughput', title: 'Jobs finished per second, and rejections', series: [
      { label: 'succeeded', color: COLORS.ok, from: (p, rate) => rate('succeeded') },
      { label: 'failed', color: COLORS.bad, from: (p, rate) => rate('failed') },
      { label: 'cancelled', color: COLORS.warn, from: (p, rate) => rate('cancelled') },
      { label: 'rejected', color: COLORS.rejected, dash: [4, 3], from: (p, rate) => rate('rejected') }] },
    { key: 'wait', title: 'Queue wait (ms), last 30 s', series: percentiles((l) => l.queueWaitMs) },
    { key: 'run', title: 'Run time (ms), last 30 s', series: percentiles((l) => l.runMs) }
  ];

  function percentiles(of) {
    return ['p50', 'p95', 'p99'].map((p) => ({ label: p, color: COLORS[p], from: (pool, rate, latency) => latency ? of(latency)[p] : null }));
  }

  const $ = (id) => document.getElementById(id);
  const charting = typeof uPlot === 'function'; // absent when the page is opened without its server
  const views = new Map(); // pool name -> { root, x, data: { chart key -> [series arrays] }, plots, last }
  let polls = 0; // successful polls so far

  function text(node, value) { (typeof node === 'string' ? $(node) : node).textContent = String(value); }

  function seconds(ms) { return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s'; }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  const HEIGHT = 130;

  function clock(t) { return new Date(t * 1000).toTimeString().slice(0, 8); }

  function chartOptions(spec, width) {
    const axis = { stroke: '#6b7280', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e5e7eb', width: 1 } };
    return {
      width: width, height: HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // From the first point kept (so a new page is not a flat line with a blip at its end), at least a
        // minute and at most the history wide.
        x: { time: true, range: (u, min, max) => [Math.min(max - 60, Math.max(min, max - HISTORY * POLL_MS / 1000)), max] },
        y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] }
      },
      axes: [Object.assign({ space: 70, values: (u, splits) => splits.map(clock) }, axis), Object.assign({ size: 52 }, axis)],
      series: [{}].concat(spec.series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash,
                                                     fill: s.fill, points: { show: false } })))
    };
  }

  // The column of one pool: a heading, a one-line summary, and a chart per CHARTS entry.
  function viewOf(pool) {
    let view = views.get(pool.name);
    if (view) { return view; }
    const root = element('section', 'card pool');
    root.dataset.pool = pool.name;
    const heading = element('h2');
    heading.append(element('span', 'name', pool.name), element('span', 'badge state'), element('span', 'badge primary', 'primary'));
    root.append(heading, element('p', 'summary muted'));
    $('pools').append(root);
    view = { root: root, x: [], data: {}, plots: {}, last: null };
    CHARTS.forEach((spec) => {
      const box = element('div', 'chart');
      box.dataset.chart = spec.key;
      box.append(element('h3', '', spec.title));
      root.append(box);
      view.data[spec.key] = spec.series.map(() => []);
      if (charting) {
        view.plots[spec.key] = new uPlot(chartOptions(spec, Math.max(240, box.clientWidth)), [[]].concat(view.data[spec.key]), box);
      }
    });
    // Charts follow their column's width: the grid re-flows as pools come and go, and with the window.
    view.resizer = new ResizeObserver(() => Object.entries(view.plots).forEach(([key, plot]) => {
      const width = Math.max(240, root.querySelector('[data-chart="' + key + '"]').clientWidth);
      if (plot.width !== width) { plot.setSize({ width: width, height: HEIGHT }); }
    }));
    view.resizer.observe(root);
    views.set(pool.name, view);
    return view;
  }

  function forget(name) {
    const view = views.get(name);
    view.resizer.disconnect();
    Object.values(view.plots).forEach((plot) => plot.destroy());
    view.root.remove();
    views.delete(name);
  }

  function push(array, value) {
    array.push(value);
    if (array.length > HISTORY) { array.shift(); }
  }

  function record(pool, latency, now) {
    const view = viewOf(pool);
    const last = view.last;
    // Jobs per second from the change of a cumulative count since the previous poll; none for the first.
    const rate = (key) => {
      if (!last) { return null; }
      const delta = pool.jobs[key] - last.jobs[key];
      return delta >= 0 ? delta / Math.max(0.001, now - last.t) : null;
    };
    push(view.x, now);
    CHARTS.forEach((spec) => spec.series.forEach((s, i) => push(view.data[spec.key][i], s.from(pool, rate, latency))));
    view.last = { t: now, jobs: pool.jobs };
    Object.entries(view.plots).forEach(([key, plot]) => plot.setData([view.x].concat(view.data[key])));

    const state = view.root.querySelector('.state');
    state.textContent = pool.state;
    state.className = 'badge state ' + pool.state;
    view.root.querySelector('.primary').hidden = !pool.primary;
    text(view.root.querySelector('.summary'), pool.workers.busy + ' of ' + pool.workers.alive + ' workers busy · '
         + pool.queue.depth + ' of ' + pool.queue.capacity + ' queued · ' + pool.jobs.submitted + ' submitted · '
         + pool.jobs.succeeded + ' succeeded · ' + pool.jobs.failed + ' failed · ' + pool.jobs.cancelled + ' cancelled · '
         + pool.jobs.rejected + ' rejected');
  }

  function drawPoolChoice(names) {
    const select = $('pool-select');
    const chosen = select.value;
    if (select.options.length !== names.length || names.some((n, i) => select.options[i].value !== n)) {
      select.replaceChildren(...names.map((n) => { const o = element('option', '', n); o.value = n; return o; }));
      select.value = names.includes(chosen) ? chosen : names[0];
    }
  }

  function drawResults(pool) {
    text('results-pool', pool.name);
    const body = $('results').querySelector('tbody');
    body.replaceChildren();
    pool.results.recent.forEach((r) => {
      const row = element('tr');
      const outcome = r.errorType ? r.errorType.replace(/^.*\./, '') + ': ' + r.errorMessage : (r.value || '');
      row.append(element('td', '', '#' + r.id), element('td', r.status, r.status), element('td', '', r.worker || '—'),
                 element('td', '', seconds(r.queueWaitMs)), element('td', '', seconds(r.runTimeMs)),
                 element('td', 'value', outcome));
      body.append(row);
    });
  }

  function live(ok, reason) {
    $('error-banner').hidden = ok;
    const status = $('status');
    status.textContent = ok ? 'LIVE' : 'UNREACHABLE';
    status.className = 'badge ' + (ok ? 'RUNNING' : 'UNREACHABLE');
    if (!ok) { text('error-text', reason); }
  }

  async function json(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
                                        cache: 'no-store' });
    if (!response.ok) { throw new Error('HTTP ' + response.status); }
    return response.json();
  }

  async function poll() {
    try {
      const [list, latency] = await Promise.all([json(ENDPOINT), json(LATENCY).catch(() => null)]);
      const now = Date.now() / 1000;
      live(true);
      polls++;
      text('updated', 'updated ' + new Date().toLocaleTimeString());
      const names = list.pools.map((p) => p.name);
      [...views.keys()].filter((name) => !names.includes(name)).forEach(forget);
      list.pools.forEach((pool) => record(pool, latency && latency.pools[pool.name], now));
      drawPoolChoice(names);
      if (names.length > 0) {
        drawResults(await json(ENDPOINT + '/' + encodeURIComponent($('pool-select').value)));
      }
    } catch (e) {
      live(false, e.message || 'network error');
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  // For the browser test and the curious: what each chart holds.
  window.dashboard = {
    pools: () => [...views.keys()],
    polls: () => polls,
    points: (pool) => views.get(pool).x.length,
    series: (pool, chart, label) => {
      const spec = CHARTS.find((c) => c.key === chart);
      return views.get(pool).data[chart][spec.series.findIndex((s) => s.label === label)].slice();
    }
  };

  // --- forms: every write is a JSON body, as the API requires ---

  function say(message) { text('form-message', message); }

  function jobs() { return '/pools/' + encodeURIComponent($('pool-select').value) + '/jobs'; }

  async function send(url, body) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        // X-Requested-With: a 401 comes without a Basic challenge, so the browser shows no password dialog.
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json',
                   'X-Requested-With': 'XMLHttpRequest' },
        body: JSON.stringify(body)
      });
      const payload = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, payload: payload };
    } catch (e) {
      return { ok: false, status: 0, payload: { detail: e.message || 'network error' } };
    }
  }

  function failure(result) {
    if (result.status === 401 || result.status === 403) {
      return 'Refused (' + result.status + '): log in as the demo user (top right) to do this';
    }
    return 'Refused (' + (result.status || 'no answer') + '): ' + (result.payload.detail || 'unknown error');
  }

  $('job-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await send(jobs(), { durationMs: Number($('job-duration').value), label: $('job-label').value,
                                        fail: $('job-fail').checked });
    say(result.ok ? 'Accepted job #' + result.payload.id + ' (' + result.payload.label + ') in ' + result.payload.pool
                  : failure(result));
  });

  $('batch-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await send(jobs() + '/batch', { count: Number($('batch-count').value),
      durationMs: Number($('batch-duration').value), failEvery: Number($('batch-fail-every').value || '0') });
    say(result.ok ? 'Accepted ' + result.payload.accepted + ' of ' + result.payload.requested + ' jobs in ' + result.payload.pool
                    + (result.payload.notSubmitted ? ' (' + result.payload.notSubmitted + ' not submitted: the queue was full)' : '')
                  : failure(result));
  });

  $('resize-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    if ($('resize-workers').value) { body.workers = Number($('resize-workers').value); }
    if ($('resize-capacity').value) { body.queueCapacity = Number($('resize-capacity').value); }
    const result = await send(ENDPOINT + '/' + encodeURIComponent($('pool-select').value), body);
    say(result.ok ? 'Resized ' + result.payload.name + ': ' + result.payload.configuration.workers + ' workers, queue capacity '
                    + result.payload.configuration.queueCapacity : failure(result));
  });

  poll();
})();

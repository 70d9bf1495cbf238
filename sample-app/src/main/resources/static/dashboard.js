// Live dashboard: polls the actuator endpoint once a second and draws workers, queue, counts and results.
(function () {
  'use strict';

  const ENDPOINT = '/actuator/threadpool';
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);

  function text(id, value) { $(id).textContent = String(value); }

  function seconds(ms) { return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s'; }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function drawWorkers(workers) {
    const grid = $('workers');
    grid.replaceChildren();
    // Sorted by name so that a worker keeps its place from one poll to the next.
    workers.busyWorkers.slice().sort((a, b) => a.worker.localeCompare(b.worker, 'en', { numeric: true })).forEach((w) => {
      const box = element('div', 'worker busy');
      box.append(element('div', 'name', w.worker), element('div', '', 'job #' + w.jobId),
                 element('div', 'muted', 'running ' + seconds(w.runningMs)));
      grid.append(box);
    });
    for (let i = 0; i < Math.max(0, workers.alive - workers.busy); i++) {
      const box = element('div', 'worker idle');
      box.append(element('div', 'name', 'idle'), element('div', 'muted', 'waiting for a job'));
      grid.append(box);
    }
    text('workers-summary', workers.busy + ' busy · ' + workers.alive + ' alive · ' + workers.configured + ' configured');
  }

  function drawQueue(queue) {
    const share = queue.capacity > 0 ? Math.min(1, queue.depth / queue.capacity) : 0;
    const bar = $('queue-bar');
    bar.style.width = (share * 100).toFixed(1) + '%';
    bar.classList.toggle('saturated', share >= 0.8);
    text('queue-depth', queue.depth);
    text('queue-capacity', queue.capacity);
    text('queue-remaining', queue.remaining);
    text('queue-oldest', seconds(queue.oldestWaitMs));
  }

  function drawCounts(pool) {
    ['submitted', 'running', 'succeeded', 'failed', 'cancelled', 'rejected'].forEach((key) => text('count-' + key, pool.jobs[key]));
    text('count-replaced', pool.workers.replaced);
    text('count-results', pool.results.retained + ' / ' + pool.results.evicted);
  }

  function drawResults(recent) {
    const body = $('results').querySelector('tbody');
    body.replaceChildren();
    recent.forEach((r) => {
      const row = element('tr');
      const outcome = r.errorType ? r.errorType.replace(/^.*\./, '') + ': ' + r.errorMessage : (r.value || '');
      row.append(element('td', '', '#' + r.id), element('td', r.status, r.status), element('td', '', r.worker || '—'),
                 element('td', '', seconds(r.queueWaitMs)), element('td', '', seconds(r.runTimeMs)),
                 element('td', 'value', outcome));
      body.append(row);
    });
  }

  let poolName = '';

  function draw(pool) {
    poolName = pool.name;
    $('error-banner').hidden = true;
    text('pool-name', pool.name);
    const state = $('pool-state');
    state.textContent = pool.state;
    state.className = 'badge ' + pool.state;
    text('updated', 'updated ' + new Date().toLocaleTimeString());
    drawWorkers(pool.workers);
    drawQueue(pool.queue);
    drawCounts(pool);
    drawResults(pool.results.recent);
  }

  function unreachable(reason) {
    $('error-banner').hidden = false;
    text('error-text', reason);
    const state = $('pool-state');
    state.textContent = 'UNREACHABLE';
    state.className = 'badge UNREACHABLE';
  }

  async function poll() {
    try {
      const response = await fetch(ENDPOINT, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) {
        unreachable('HTTP ' + response.status);
      } else {
        draw(await response.json());
      }
    } catch (e) {
      unreachable(e.message || 'network error');
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  function say(message) { text('form-message', message); }

  async function send(url, body) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      const payload = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, payload: payload };
    } catch (e) {
      return { ok: false, status: 0, payload: { detail: e.message || 'network error' } };
    }
  }

  function failure(result) {
    return 'Refused (' + (result.status || 'no answer') + '): ' + (result.payload.detail || result.payload.message || 'unknown error');
  }

  $('job-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await send('/pools/' + encodeURIComponent(poolName) + '/jobs', { durationMs: Number($('job-duration').value), label: $('job-label').value,
                                         fail: $('job-fail').checked });
    say(result.ok ? 'Accepted job #' + result.payload.id + ' (' + result.payload.label + ')' : failure(result));
  });

  $('batch-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await send('/pools/' + encodeURIComponent(poolName) + '/jobs/batch', {
      count: Number($('batch-count').value), durationMs: Number($('batch-duration').value),
      failEvery: Number($('batch-fail-every').value || '0') });
    say(result.ok ? 'Accepted ' + result.payload.accepted + ' of ' + result.payload.requested + ' jobs'
                    + (result.payload.rejected ? ' (' + result.payload.rejected + ' rejected: queue full)' : '')
                  : failure(result));
  });

  $('resize-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    if ($('resize-workers').value) { body.workers = Number($('resize-workers').value); }
    if ($('resize-capacity').value) { body.queueCapacity = Number($('resize-capacity').value); }
    const result = await send(ENDPOINT, body);
    say(result.ok ? 'Resized: ' + result.payload.configuration.workers + ' workers, queue capacity '
                    + result.payload.configuration.queueCapacity : failure(result));
  });

  poll();
})();

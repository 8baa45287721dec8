// The tabs of one collection: overview, points, search, ask, add data. Each takes (element, ctx)
// with ctx = {name, info, isAdmin, reload, rememberQuery, lastQuery}.

import { call, enc, stream, upload } from './api.js';
import { bytes, clear, fileToBase64, h, jsonField, labelOf, mediaFor, notify, payloadView, showError } from './dom.js';

const base = (ctx) => '/collections/' + enc(ctx.name);

function vectorNames(ctx) {
  return Object.keys(ctx.info.config.vectors);
}

function vectorSelect(ctx, id) {
  const names = vectorNames(ctx);
  return h('select', { id }, names.map((n) => h('option', { value: n }, n)));
}

/** using is only sent for collections with named vectors. */
function usingOf(ctx, select) {
  const names = vectorNames(ctx);
  return names.length === 1 && names[0] === 'default' ? undefined : select.value;
}

function busy(button, promise) {
  button.disabled = true;
  button.classList.add('busy');
  return promise.finally(() => {
    button.disabled = false;
    button.classList.remove('busy');
  });
}

// ------------------------------------------------------------------------------------- overview

export async function overviewTab(el, ctx) {
  const info = ctx.info;
  const rows = [
    ['Points', info.points_count],
    ['Deleted vectors (awaiting compaction)', info.deleted_vectors],
    ['Index status', info.status],
    ['Size on disk', bytes(info.disk_bytes)],
    ['Write-ahead log', bytes(info.wal_bytes)],
    ['Last write (sequence number)', info.last_lsn],
  ];
  el.appendChild(h('table', { class: 'kv', id: 'overview' }, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
  el.appendChild(h('h2', {}, 'Vectors'));
  el.appendChild(h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, ['Name', 'Dimension', 'Metric', 'Model', 'HNSW m / ef_construct / ef'].map((t) => h('th', {}, t)))),
    h('tbody', {}, Object.entries(info.config.vectors).map(([n, v]) => h('tr', {},
      h('td', {}, n), h('td', { class: 'num' }, v.size), h('td', {}, v.distance),
      h('td', {}, v.model ? v.model.name + (v.model.version ? ' (' + v.model.version + ')' : '') + ' from "' + v.model.source + '"' : '–'),
      h('td', {}, v.hnsw ? v.hnsw.m + ' / ' + v.hnsw.ef_construct + ' / ' + v.hnsw.ef : '–'))))));
  const schema = Object.entries(info.payload_schema || {});
  el.appendChild(h('h2', {}, 'Payload indexes'));
  el.appendChild(schema.length
    ? h('ul', {}, schema.map(([f, s]) => h('li', {}, h('code', {}, f), ' ', s.data_type)))
    : h('p', { class: 'muted' }, 'None.'));
  if (ctx.isAdmin) {
    const field = h('input', { id: 'index-field', placeholder: 'city' });
    const type = h('select', { id: 'index-type' }, ['keyword', 'integer', 'float', 'bool', 'datetime', 'text'].map((t) => h('option', { value: t }, t)));
    const add = h('button', { type: 'submit' }, 'Add index');
    const form = h('form', { class: 'row write' }, h('label', {}, 'Field ', field), h('label', {}, 'Type ', type), add);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await busy(add, call('PUT', base(ctx) + '/index', { field_name: field.value.trim(), field_schema: type.value }));
        notify('note', 'Indexed ' + field.value.trim());
        ctx.reload();
      } catch (err) {
        showError(err, 'add index');
      }
    });
    el.appendChild(form);
    const del = h('button', { type: 'button', class: 'danger write', id: 'delete-collection' }, 'Delete collection');
    del.addEventListener('click', async () => {
      if (!confirm('Delete collection ' + ctx.name + ' and all its points?')) {
        return;
      }
      try {
        await call('DELETE', base(ctx));
        notify('note', 'Deleted ' + ctx.name);
        location.hash = '#/';
      } catch (err) {
        showError(err, 'delete collection');
      }
    });
    el.appendChild(h('div', { class: 'row danger-zone' }, del));
  }
}

// ---------------------------------------------------------------------------------------- points

function pointCard(ctx, p, extra) {
  const media = mediaFor(p.payload);
  const actions = [];
  if (extra && extra.actions) {
    actions.push(...extra.actions);
  }
  if (ctx.isAdmin && extra && extra.onDelete) {
    actions.push(h('button', { type: 'button', class: 'small danger write', onclick: extra.onDelete }, 'Delete'));
  }
  return h('article', { class: 'point', dataset: { id: String(p.id) } },
    h('header', {},
      extra && extra.rank ? h('span', { class: 'rank' }, '#' + extra.rank) : null,
      h('span', { class: 'label' }, labelOf(p)),
      h('span', { class: 'spacer' }),
      p.score !== undefined ? h('span', { class: 'score', title: 'score' }, Number(p.score).toFixed(4)) : null,
      h('code', { class: 'id' }, 'id ' + p.id)),
    media.length ? h('div', { class: 'media-row' }, media) : null,
    h('details', { open: extra && extra.open }, h('summary', {}, 'payload'), payloadView(p.payload || {})),
    actions.length ? h('div', { class: 'row' }, actions) : null);
}

export async function pointsTab(el, ctx) {
  const filter = h('textarea', { id: 'points-filter', rows: 3, placeholder: '{"must": [{"key": "source", "match": {"value": "guide.md"}}]}' });
  const limit = h('input', { id: 'points-limit', type: 'number', min: 1, max: 10000, value: 20 });
  const load = h('button', { type: 'submit', id: 'points-load' }, 'Load');
  const next = h('button', { type: 'button', id: 'points-next', hidden: true }, 'Next page');
  const count = h('span', { class: 'muted', id: 'points-count' });
  const list = h('div', { class: 'points', id: 'points-list' });
  const form = h('form', { class: 'card' }, h('label', { class: 'block' }, 'Filter (JSON, optional) ', filter),
    h('div', { class: 'row' }, h('label', {}, 'Page size ', limit), load, next, count));
  el.appendChild(form);
  el.appendChild(list);
  let offset = null;
  const fetchPage = async (fresh) => {
    let f;
    try {
      f = jsonField(filter.value, 'filter');
    } catch (e) {
      showError(e);
      return;
    }
    if (fresh) {
      offset = null;
      clear(list);
    }
    const body = { limit: Number(limit.value) || 20, with_payload: true };
    if (f !== undefined) {
      body.filter = f;
    }
    if (offset !== null) {
      body.offset = offset;
    }
    try {
      const [page, total] = await Promise.all([
        call('POST', base(ctx) + '/points/scroll', body),
        fresh ? call('POST', base(ctx) + '/points/count', f === undefined ? {} : { filter: f }) : null,
      ]);
      if (total) {
        count.textContent = total.count + ' matching point' + (total.count === 1 ? '' : 's');
      }
      for (const p of page.points) {
        list.appendChild(pointCard(ctx, p, {
          onDelete: async (e) => {
            try {
              await call('POST', base(ctx) + '/points/delete', { points: [p.id] });
              e.target.closest('article').remove();
              notify('note', 'Deleted point ' + p.id);
            } catch (err) {
              showError(err, 'delete point');
            }
          },
        }));
      }
      offset = page.next_page_offset;
      next.hidden = offset === null || offset === undefined;
      if (!page.points.length && fresh) {
        list.appendChild(h('p', { class: 'muted' }, 'No points.'));
      }
    } catch (e) {
      showError(e, 'scroll');
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(load, fetchPage(true));
  });
  next.addEventListener('click', () => busy(next, fetchPage(false)));
  await fetchPage(true);
}

// ---------------------------------------------------------------------------------------- search

export async function searchTab(el, ctx) {
  const mode = h('select', { id: 'search-mode' },
    h('option', { value: 'text' }, 'text'), h('option', { value: 'vector' }, 'vector (JSON)'),
    h('option', { value: 'image' }, 'image file'), h('option', { value: 'audio' }, 'audio file'));
  const text = h('input', { id: 'search-text', class: 'wide', placeholder: 'what are you looking for?' });
  const vector = h('textarea', { id: 'search-vector', rows: 2, placeholder: '[0.1, 0.2, ...]', hidden: true });
  const file = h('input', { id: 'search-file', type: 'file', hidden: true });
  const using = vectorSelect(ctx, 'search-using');
  const limit = h('input', { id: 'search-limit', type: 'number', min: 1, max: 10000, value: 10 });
  const filter = h('textarea', { id: 'search-filter', rows: 2, placeholder: 'filter JSON (optional)' });
  const hybrid = h('input', { id: 'search-hybrid', type: 'checkbox' });
  const textField = h('input', { id: 'search-text-field', value: 'text', size: 10 });
  const fusion = h('select', { id: 'search-fusion' }, ['scaled', 'rrf', 'weighted'].map((f) => h('option', { value: f }, f)));
  const go = h('button', { type: 'submit', id: 'search-button' }, 'Search');
  const results = h('div', { class: 'points', id: 'search-results' });
  const hybridOpts = h('span', { hidden: true }, h('label', {}, 'text field ', textField), h('label', {}, 'fusion ', fusion));
  const sync = () => {
    text.hidden = mode.value !== 'text';
    vector.hidden = mode.value !== 'vector';
    file.hidden = mode.value !== 'image' && mode.value !== 'audio';
    file.accept = mode.value === 'image' ? 'image/*' : 'audio/wav,.wav';
    hybrid.disabled = mode.value !== 'text';
    hybridOpts.hidden = !hybrid.checked || hybrid.disabled;
  };
  mode.addEventListener('change', sync);
  hybrid.addEventListener('change', sync);
  const names = vectorNames(ctx);
  const form = h('form', { class: 'card', id: 'search-form' },
    h('div', { class: 'row' }, h('label', {}, 'Query ', mode), text, file, go),
    vector,
    h('div', { class: 'row' },
      names.length > 1 ? h('label', {}, 'Vector ', using) : null,
      h('label', {}, 'Limit ', limit),
      h('label', {}, hybrid, ' hybrid (BM25 + vectors)'), hybridOpts),
    h('label', { class: 'block' }, 'Filter ', filter));
  el.appendChild(form);
  el.appendChild(results);

  const show = (hits, what) => {
    clear(results);
    results.appendChild(h('p', { class: 'muted', id: 'search-summary' }, hits.length + ' result' + (hits.length === 1 ? '' : 's') + ' for ' + what));
    hits.forEach((p, i) => results.appendChild(pointCard(ctx, p, {
      rank: i + 1,
      actions: [
        h('button', { type: 'button', class: 'small', onclick: () => moreLike(p.id) }, 'More like this'),
        h('button', { type: 'button', class: 'small', onclick: () => {
          ctx.rememberQuery(ctx.name, usingOf(ctx, using), p.id);
          location.hash = '#/c/' + enc(ctx.name) + '/map';
        } }, 'Show on map'),
      ],
    })));
  };
  const moreLike = async (id) => {
    try {
      const body = { positive: [id], limit: Number(limit.value) || 10 };
      const u = usingOf(ctx, using);
      if (u) {
        body.using = u;
      }
      show(await call('POST', base(ctx) + '/points/recommend', body), 'points like ' + id);
    } catch (e) {
      showError(e, 'recommend');
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(go, (async () => {
      try {
        const body = { limit: Number(limit.value) || 10 };
        const f = jsonField(filter.value, 'filter');
        if (f !== undefined) {
          body.filter = f;
        }
        const u = usingOf(ctx, using);
        if (u) {
          body.using = u;
        }
        let path = base(ctx) + '/points/search';
        let what;
        if (mode.value === 'text') {
          if (!text.value.trim()) {
            throw new Error('type some words to search for');
          }
          body.text = text.value.trim();
          what = '"' + body.text + '"';
          if (hybrid.checked) {
            path = base(ctx) + '/points/hybrid';
            body.text_field = textField.value.trim() || 'text';
            body.fusion = fusion.value;
            what += ' (hybrid, ' + fusion.value + ')';
          }
          ctx.rememberQuery(ctx.name, u, { text: body.text });
        } else if (mode.value === 'vector') {
          body.vector = jsonField(vector.value, 'vector');
          if (!Array.isArray(body.vector)) {
            throw new Error('vector must be a JSON array of numbers');
          }
          what = 'a vector of dimension ' + body.vector.length;
          ctx.rememberQuery(ctx.name, u, { vector: body.vector });
        } else {
          if (!file.files.length) {
            throw new Error('choose a file to search with');
          }
          body[mode.value] = await fileToBase64(file.files[0]);
          what = file.files[0].name;
        }
        show(await call('POST', path, body), what);
      } catch (err) {
        clear(results); // old results under a failed query would read as its answer
        showError(err, 'search');
      }
    })());
  });
  sync();
}

// ------------------------------------------------------------------------------------------- ask

export async function askTab(el, ctx) {
  const question = h('input', { id: 'ask-question', class: 'wide', placeholder: 'ask a question about the documents' });
  const limit = h('input', { id: 'ask-limit', type: 'number', min: 1, max: 50, value: 5 });
  const go = h('button', { type: 'submit', id: 'ask-button' }, 'Ask');
  const answer = h('div', { class: 'answer', id: 'ask-answer' });
  const sources = h('ol', { class: 'sources', id: 'ask-sources' });
  const meta = h('p', { class: 'muted', id: 'ask-meta' });
  const form = h('form', { class: 'card row' }, question, h('label', {}, 'Sources ', limit), go);
  el.appendChild(form);
  el.appendChild(meta);
  el.appendChild(answer);
  el.appendChild(sources);
  let text = '';
  const render = () => {
    clear(answer);
    // "[2]" becomes a link to source 2
    for (const part of text.split(/(\[\d+\])/)) {
      const m = part.match(/^\[(\d+)\]$/);
      if (m && document.getElementById('source-' + m[1])) {
        answer.appendChild(h('a', { href: '#', class: 'cite', dataset: { source: m[1] }, onclick: (e) => {
          e.preventDefault();
          const s = document.getElementById('source-' + m[1]);
          s.scrollIntoView({ block: 'nearest' });
          document.querySelectorAll('.sources li').forEach((li) => li.classList.remove('cited'));
          s.classList.add('cited');
          s.querySelector('details').open = true;
        } }, part));
      } else {
        answer.appendChild(document.createTextNode(part));
      }
    }
  };
  const showSources = (list) => {
    clear(sources);
    for (const s of list) {
      sources.appendChild(h('li', { id: 'source-' + s.number, value: s.number },
        h('strong', {}, s.title || s.source || String(s.id)),
        s.page ? ' (page ' + s.page + ')' : '', ' ', h('span', { class: 'score' }, Number(s.score).toFixed(3)),
        h('details', {}, h('summary', {}, 'text'), h('p', { class: 'source-text' }, s.text))));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!question.value.trim()) {
      showError(new Error('type a question'));
      return;
    }
    text = '';
    clear(answer);
    clear(sources);
    meta.textContent = 'Retrieving…';
    busy(go, (async () => {
      try {
        const done = await stream(base(ctx) + '/ask', { question: question.value.trim(), limit: Number(limit.value) || 5, stream: true },
          (event, data) => {
            if (event === 'sources') {
              showSources(data);
              meta.textContent = 'Answering…';
            } else if (event === 'token') {
              text += data;
              render();
            } else if (event === 'done') {
              text = data.answer;
              showSources(data.sources);
              render();
              meta.textContent = data.mode === 'generated' ? 'Generated by ' + data.model : 'Extractive answer (no generator configured)';
            } else if (event === 'error') {
              const st = data && data.status ? data.status : {};
              showError({ code: st.code || 'error', message: st.error || JSON.stringify(data) }, 'ask');
              meta.textContent = 'The answer failed.';
            }
          });
        if (done) { // the server answered without streaming
          text = done.answer;
          showSources(done.sources);
          render();
        }
      } catch (err) {
        meta.textContent = '';
        showError(err, 'ask');
      }
    })());
  });
}

// -------------------------------------------------------------------------------------- add data

const MEDIA = /\.(png|jpe?g|gif|bmp|wav)$/i;

export async function addDataTab(el, ctx) {
  const files = h('input', { id: 'upload-files', type: 'file', multiple: true, accept: '.txt,.md,.html,.htm,.pdf,.png,.jpg,.jpeg,.gif,.bmp,.wav' });
  const keep = h('input', { id: 'upload-keep', type: 'checkbox', checked: true });
  const go = h('button', { type: 'submit', id: 'upload-button', class: 'write' }, 'Upload');
  const log = h('ul', { class: 'log', id: 'upload-log' });
  const form = h('form', { class: 'card write' }, h('h2', {}, 'Upload files'),
    h('p', { class: 'muted' }, 'Documents (.txt, .md, .html, .pdf) are chunked and embedded; images and WAV sounds become one point each.'),
    h('div', { class: 'row' }, files, h('label', {}, keep, ' keep image/audio bytes (to show them here)'), go), log);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(go, (async () => {
      for (const f of files.files) {
        const media = MEDIA.test(f.name);
        const path = base(ctx) + (media ? '/media' : '/documents') + '?name=' + enc(f.name) + (media && keep.checked ? '&keep_bytes=true' : '');
        try {
          const r = await upload(path, f, f.type && !f.type.includes('json') ? f.type : 'application/octet-stream');
          log.appendChild(h('li', { class: 'ok' }, f.name + ': ' + r.status + (r.chunks !== undefined ? ', ' + r.chunks + ' chunks' : '')));
        } catch (err) {
          log.appendChild(h('li', { class: 'error' }, f.name + ': ' + err.message));
          showError(err, 'upload ' + f.name);
        }
      }
    })());
  });
  el.appendChild(form);

  const json = h('textarea', { id: 'upsert-json', rows: 6, placeholder: '{"points": [{"id": 1, "payload": {"text": "hello"}}]}' });
  const save = h('button', { type: 'submit', id: 'upsert-button', class: 'write' }, 'Upsert points');
  const form2 = h('form', { class: 'card write' }, h('h2', {}, 'Upsert points (JSON)'),
    h('p', { class: 'muted' }, 'Points without a vector get it from their payload "text" when the vector is bound to a model.'),
    json, h('div', { class: 'row' }, save));
  form2.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(save, (async () => {
      try {
        const body = jsonField(json.value, 'points');
        await call('PUT', base(ctx) + '/points', body);
        notify('note', 'Upserted ' + (body.points ? body.points.length : 0) + ' points');
      } catch (err) {
        showError(err, 'upsert');
      }
    })());
  });
  el.appendChild(form2);
}

// The Map tab: GET /collections/{c}/map drawn on a canvas; hover shows the point's payload,
// click searches around the point (and rings its neighbours), the current query is a red star.

import { call, enc } from './api.js';
import { clear, h, labelOf, mediaFor, payloadView, showError } from './dom.js';
import { EmbeddingMapView } from './map.js';

export async function mapTab(el, ctx) {
  const base = '/collections/' + enc(ctx.name);
  const names = Object.keys(ctx.info.config.vectors);
  const using = h('select', { id: 'map-using' }, names.map((n) => h('option', { value: n }, n)));
  const method = h('select', { id: 'map-method' }, h('option', { value: 'pca' }, 'PCA'), h('option', { value: 'tsne' }, 't-SNE (≤ 3,000 points)'));
  const fields = new Set(Object.keys(ctx.info.payload_schema || {}));
  ['source', 'media', 'title', 'label', 'category'].forEach((f) => fields.add(f));
  const color = h('input', { id: 'map-color', list: 'map-color-fields', placeholder: 'payload field', size: 14 });
  const limit = h('input', { id: 'map-limit', type: 'number', min: 1, max: 20000, value: 5000 });
  const draw = h('button', { type: 'submit', id: 'map-draw' }, 'Draw map');
  const queryText = h('input', { id: 'map-query', placeholder: 'plot a text query', size: 24 });
  const plot = h('button', { type: 'button', id: 'map-plot' }, 'Plot query');
  const note = h('p', { class: 'muted small', id: 'map-note' });
  const canvas = h('canvas', { id: 'map-canvas', class: 'map-canvas' });
  const legend = h('div', { class: 'legend', id: 'map-legend' });
  const tip = h('div', { class: 'tooltip', id: 'map-tooltip', hidden: true });
  const side = h('div', { class: 'map-side', id: 'map-side' }, h('p', { class: 'muted' }, 'Click a point to search around it.'));
  const form = h('form', { class: 'card row', id: 'map-form' },
    names.length > 1 ? h('label', {}, 'Vector ', using) : null,
    h('label', {}, 'Method ', method),
    h('label', {}, 'Colour by ', color),
    h('datalist', { id: 'map-color-fields' }, [...fields].map((f) => h('option', { value: f }))),
    h('label', {}, 'Points ', limit), draw,
    h('span', { class: 'spacer' }), queryText, plot);
  // a link may prefill the form: #/c/<name>/map?method=tsne&color=category&limit=2000&q=some+words
  const pre = ctx.params || new URLSearchParams();
  if (pre.get('method')) {
    method.value = pre.get('method');
  }
  if (pre.get('color')) {
    color.value = pre.get('color');
  }
  if (pre.get('limit')) {
    limit.value = pre.get('limit');
  }
  if (pre.get('using') && names.includes(pre.get('using'))) {
    using.value = pre.get('using');
  }
  if (pre.get('q')) {
    queryText.value = pre.get('q');
    ctx.rememberQuery(ctx.name, pre.get('using') || undefined, { text: pre.get('q') });
  }
  el.appendChild(form);
  el.appendChild(note);
  el.appendChild(h('div', { class: 'map-layout' }, h('div', { class: 'map-wrap' }, canvas, tip), side));
  el.appendChild(legend);

  let params = null;
  const payloads = new Map();
  const view = new EmbeddingMapView(canvas, legend, {
    onHover: async (p, e) => {
      if (!p) {
        tip.hidden = true;
        return;
      }
      const wrap = canvas.getBoundingClientRect();
      const x = e.clientX - wrap.left;
      const y = e.clientY - wrap.top;
      // beside the pointer, on the side of the canvas with more room
      tip.style.left = (x < wrap.width / 2 ? x + 14 : Math.max(0, x - 334)) + 'px';
      tip.style.top = y < wrap.height / 2 ? (y + 14) + 'px' : '';
      tip.style.bottom = y < wrap.height / 2 ? '' : (wrap.height - y + 14) + 'px';
      tip.hidden = false;
      const key = String(p.id);
      const render = (payload) => {
        if (tip.dataset.id !== key) {
          return;
        }
        clear(tip);
        tip.appendChild(h('strong', {}, p.label));
        if (p.color !== undefined) {
          tip.appendChild(h('div', { class: 'small' }, params.color + ' = ' + JSON.stringify(p.color)));
        }
        if (payload) {
          tip.appendChild(h('div', { class: 'media-row' }, mediaFor(payload)));
          tip.appendChild(payloadView(payload));
        }
      };
      tip.dataset.id = key;
      if (payloads.has(key)) {
        render(payloads.get(key));
        return;
      }
      render(null);
      try {
        const got = await call('POST', base + '/points', { ids: [p.id], with_payload: true });
        payloads.set(key, got.length ? got[0].payload : {});
        render(payloads.get(key));
      } catch (err) {
        payloads.set(key, { error: err.message });
      }
    },
    onClick: async (p) => {
      clear(side);
      side.appendChild(h('h3', {}, 'Around ' + p.label));
      try {
        const body = { positive: [p.id], limit: 10 };
        if (params.using) {
          body.using = params.using;
        }
        const hits = await call('POST', base + '/points/recommend', body);
        view.setHighlight([p.id, ...hits.map((x) => x.id)]);
        side.appendChild(h('ol', { id: 'map-neighbours' }, hits.map((x) => h('li', {},
          labelOf(x), ' ', h('span', { class: 'score' }, Number(x.score).toFixed(3))))));
        await placeQuery(p.id);
      } catch (err) {
        showError(err, 'search around ' + p.id);
      }
    },
  });

  const placeQuery = async (query) => {
    const body = Object.assign({}, params, { query });
    delete body.color;
    if (params.color) {
      body.color = params.color;
    }
    const at = await call('POST', base + '/map/query', body);
    view.setQuery(at);
    canvas.dataset.query = JSON.stringify(at);
  };

  const load = async () => {
    params = { method: method.value, limit: Number(limit.value) || 5000 };
    if (names.length > 1) {
      params.using = using.value;
    }
    if (color.value.trim()) {
      params.color = color.value.trim();
    }
    const qs = Object.entries(params).map(([k, v]) => k + '=' + enc(v)).join('&');
    note.textContent = 'Projecting…';
    try {
      const map = await call('GET', base + '/map?' + qs);
      view.setMap(map);
      note.textContent = map.points.length + ' of ' + map.total_points + ' points, ' + ({ pca: 'PCA', tsne: 't-SNE' }[map.method] || map.method)
        + ' of vector "' + map.using + '"' + (map.note ? ' — ' + map.note : '');
      const last = ctx.lastQuery(ctx.name);
      if (last && (!last.using || !params.using || last.using === params.using)) {
        await placeQuery(last.query).catch((err) => showError(err, 'plot the last query'));
      }
    } catch (err) {
      note.textContent = '';
      showError(err, 'map');
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  plot.addEventListener('click', async () => {
    if (!params) {
      await load();
    }
    const t = queryText.value.trim();
    if (!t) {
      showError(new Error('type a query to plot'));
      return;
    }
    ctx.rememberQuery(ctx.name, params.using, { text: t });
    try {
      await placeQuery({ text: t });
    } catch (err) {
      showError(err, 'plot query');
    }
  });
  await load();
}

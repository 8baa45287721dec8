// The Health tab: GET /collections/{c}/inspect (the quality report) as counters, notes and
// histograms (norms, nearest-neighbour distance, k-th neighbour distance), drawn with plain
// elements. Run on demand: the report searches every point's neighbours.

import { call, enc } from './api.js';
import { clear, h, showError } from './dom.js';

export async function healthTab(el, ctx) {
  const go = h('button', { type: 'button', id: 'health-run' }, 'Run health check');
  const out = h('div', { id: 'health-report' });
  el.appendChild(h('div', { class: 'card row' }, go,
    h('span', { class: 'muted' }, 'Duplicates, outliers, hubs, zero vectors and payload coverage; searches every point\'s neighbours.')));
  el.appendChild(out);
  go.addEventListener('click', async () => {
    go.disabled = true;
    clear(out).appendChild(h('p', { class: 'muted' }, 'Inspecting…'));
    try {
      render(out, await call('GET', '/collections/' + enc(ctx.name) + '/inspect'));
    } catch (e) {
      clear(out);
      showError(e, 'health check');
    } finally {
      go.disabled = false;
    }
  });
}

function render(out, r) {
  clear(out);
  out.appendChild(h('p', { class: 'muted' }, r.points + ' points inspected in ' + r.elapsed_ms + ' ms'));
  for (const v of r.vectors) {
    out.appendChild(h('h2', {}, 'Vector "' + v.vector + '" (' + v.dimension + '-d, ' + v.metric + ')'));
    if (v.notes.length) {
      out.appendChild(h('ul', { class: 'notes' }, v.notes.map((n) => h('li', {}, n))));
    }
    const counters = [
      ['non-finite', v.non_finite], ['zero norm', v.zero_norm], ['near-zero norm', v.near_zero_norm],
      ['exact duplicates', v.exact_duplicates.points], ['near duplicates', v.near_duplicates.points],
      ['outliers', v.outliers.count], ['hubs', v.hubness.hubs], ['antihubs', v.hubness.antihubs],
    ];
    out.appendChild(h('div', { class: 'counters' }, counters.map(([k, n]) => h('div', { class: n ? 'counter warn' : 'counter' },
      h('strong', {}, String(n)), h('span', {}, k)))));
    out.appendChild(h('div', { class: 'charts' },
      histogram('Vector norms', v.norms),
      histogram('Nearest-neighbour distance', v.nearest_distance),
      histogram(v.k + '-th neighbour distance', v.kth_distance)));
  }
  if (r.payload && r.payload.fields.length) {
    out.appendChild(h('h2', {}, 'Payload fields'));
    const max = Math.max(...r.payload.fields.map((f) => f.points), 1);
    out.appendChild(h('div', { class: 'bars' }, r.payload.fields.map((f) => h('div', { class: 'bar-row' },
      h('code', {}, f.field), h('span', { class: 'bar', style: 'width:' + Math.round(200 * f.points / max) + 'px' }),
      h('span', { class: 'muted' }, f.points + (f.points === 1 ? ' point' : ' points'))))));
  }
}

function histogram(title, d) {
  const counts = d.histogram.counts;
  const max = Math.max(...counts, 1);
  const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  return h('figure', { class: 'histogram' },
    h('figcaption', {}, title),
    h('div', { class: 'hist-bars' }, counts.map((c, i) => h('span', {
      style: 'height:' + Math.max(1, Math.round(80 * c / max)) + 'px',
      title: fmt(d.histogram.min + i * d.histogram.width) + '–' + fmt(d.histogram.min + (i + 1) * d.histogram.width) + ': ' + c,
    }))),
    h('div', { class: 'hist-axis muted small' }, h('span', {}, fmt(d.min)), h('span', {}, 'mean ' + fmt(d.mean)), h('span', {}, fmt(d.max))));
}

// The embedding map drawn on a <canvas>: points at the server's 2D coordinates, coloured by a
// payload field (categories get a palette, many distinct numbers a gradient), the nearest point
// under the mouse reported for a tooltip, clicks reported, a query drawn as a star.

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac', '#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#17becf'];
const OTHER = '#9aa0a6';
const PLAIN = '#4e79a7';
const PAD = 24;

export class EmbeddingMapView {
  /**
   * @param canvas the <canvas> to draw on
   * @param legend an element for the colour legend
   * @param handlers {onHover(point|null, event), onClick(point)}
   */
  constructor(canvas, legend, handlers) {
    this.canvas = canvas;
    this.legend = legend;
    this.handlers = handlers || {};
    this.points = [];
    this.query = null;
    this.highlight = new Set();
    this.hovered = null;
    canvas.addEventListener('mousemove', (e) => this.mouse(e, false));
    canvas.addEventListener('mouseleave', () => {
      this.hovered = null;
      this.draw();
      if (this.handlers.onHover) {
        this.handlers.onHover(null, null);
      }
    });
    canvas.addEventListener('click', (e) => this.mouse(e, true));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(canvas);
  }

  /** Shows a map answer of GET /collections/{c}/map. */
  setMap(map) {
    this.map = map;
    this.points = map.points;
    this.query = null;
    this.highlight = new Set();
    this.colours = colourScale(map.points);
    this.bounds = boundsOf(map.points);
    this.renderLegend(map.color);
    this.draw();
  }

  /** Draws the query at (x, y) in map coordinates; null removes it. */
  setQuery(q) {
    this.query = q;
    if (q && this.bounds) {
      const b = this.bounds;
      this.bounds = { minX: Math.min(b.minX, q.x), maxX: Math.max(b.maxX, q.x),
        minY: Math.min(b.minY, q.y), maxY: Math.max(b.maxY, q.y) };
    }
    this.draw();
  }

  /** Rings these point ids (e.g. the neighbours of a clicked point). */
  setHighlight(ids) {
    this.highlight = new Set(ids.map(String));
    this.draw();
  }

  transform() {
    const w = this.canvas.clientWidth;
    const hgt = this.canvas.clientHeight;
    const b = this.bounds || { minX: -1, maxX: 1, minY: -1, maxY: 1 };
    const spanX = Math.max(b.maxX - b.minX, 1e-9);
    const spanY = Math.max(b.maxY - b.minY, 1e-9);
    // one scale for both axes: distances on screen stay comparable in every direction
    const s = Math.min((w - 2 * PAD) / spanX, (hgt - 2 * PAD) / spanY);
    const ox = (w - s * spanX) / 2;
    const oy = (hgt - s * spanY) / 2;
    return {
      x: (x) => ox + (x - b.minX) * s,
      y: (y) => hgt - (oy + (y - b.minY) * s),
    };
  }

  draw() {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth;
    const hgt = c.clientHeight;
    if (w === 0 || hgt === 0) {
      return;
    }
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(hgt * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(hgt * dpr);
    }
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, w, hgt);
    if (!this.points.length) {
      c.dataset.drawn = '0';
      return;
    }
    const t = this.transform();
    const r = this.points.length > 5000 ? 2 : this.points.length > 1000 ? 3 : 4.5;
    g.globalAlpha = 0.85;
    for (const p of this.points) {
      g.fillStyle = this.colours.of(p);
      g.beginPath();
      g.arc(t.x(p.x), t.y(p.y), r, 0, 2 * Math.PI);
      g.fill();
    }
    g.globalAlpha = 1;
    g.lineWidth = 2;
    g.strokeStyle = '#111';
    for (const p of this.points) {
      if (this.highlight.has(String(p.id))) {
        g.beginPath();
        g.arc(t.x(p.x), t.y(p.y), r + 3, 0, 2 * Math.PI);
        g.stroke();
      }
    }
    if (this.hovered) {
      g.strokeStyle = '#000';
      g.beginPath();
      g.arc(t.x(this.hovered.x), t.y(this.hovered.y), r + 4, 0, 2 * Math.PI);
      g.stroke();
    }
    if (this.query) {
      star(g, t.x(this.query.x), t.y(this.query.y), 11, '#d62728');
    }
    c.dataset.drawn = String(this.points.length);
    // where the first point is on screen (CSS pixels from the canvas's top left), for browser tests
    c.dataset.firstPoint = Math.round(t.x(this.points[0].x)) + ',' + Math.round(t.y(this.points[0].y));
  }

  mouse(e, click) {
    if (!this.points.length) {
      return;
    }
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const t = this.transform();
    let best = null;
    let bestD = 12 * 12;
    for (const p of this.points) {
      const dx = t.x(p.x) - mx;
      const dy = t.y(p.y) - my;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    if (click) {
      if (best && this.handlers.onClick) {
        this.handlers.onClick(best);
      }
      return;
    }
    if (best !== this.hovered) {
      this.hovered = best;
      this.draw();
    }
    if (this.handlers.onHover) {
      this.handlers.onHover(best, e);
    }
  }

  renderLegend(field) {
    const l = this.legend;
    while (l.firstChild) {
      l.removeChild(l.firstChild);
    }
    if (!field) {
      return;
    }
    const title = document.createElement('strong');
    title.textContent = field + ': ';
    l.appendChild(title);
    for (const [label, colour] of this.colours.entries()) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = colour;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(label));
      l.appendChild(item);
    }
  }
}

function boundsOf(points) {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  if (minX === maxX) {
    minX -= 1;
    maxX += 1;
  }
  if (minY === maxY) {
    minY -= 1;
    maxY += 1;
  }
  return { minX, maxX, minY, maxY };
}

/** Categories (up to 16, the rest grey) or, for many distinct numbers, a blue-to-red gradient. */
function colourScale(points) {
  const values = points.map((p) => p.color).filter((v) => v !== undefined && v !== null);
  if (!values.length) {
    return { of: () => PLAIN, entries: () => [] };
  }
  const distinct = new Map();
  for (const v of values) {
    const k = typeof v === 'object' ? JSON.stringify(v) : String(v);
    distinct.set(k, (distinct.get(k) || 0) + 1);
  }
  const numeric = values.every((v) => typeof v === 'number');
  if (numeric && distinct.size > PALETTE.length) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const of = (p) => (typeof p.color === 'number' ? gradient((p.color - lo) / (hi - lo || 1)) : OTHER);
    return { of, entries: () => [[String(lo), gradient(0)], [String(hi), gradient(1)]] };
  }
  const ranked = [...distinct.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
  const colour = new Map(ranked.slice(0, PALETTE.length).map((k, i) => [k, PALETTE[i]]));
  const of = (p) => {
    if (p.color === undefined || p.color === null) {
      return OTHER;
    }
    const k = typeof p.color === 'object' ? JSON.stringify(p.color) : String(p.color);
    return colour.get(k) || OTHER;
  };
  const entries = () => {
    const e = [...colour.entries()];
    if (ranked.length > PALETTE.length) {
      e.push(['other', OTHER]);
    }
    return e;
  };
  return { of, entries };
}

function gradient(t) {
  const c = Math.max(0, Math.min(1, t));
  const r = Math.round(59 + c * (214 - 59));
  const g = Math.round(76 + c * (39 - 76) + Math.sin(c * Math.PI) * 80);
  const b = Math.round(192 + c * (40 - 192));
  return 'rgb(' + r + ',' + g + ',' + b + ')';
}

function star(g, x, y, r, colour) {
  g.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.45;
    g.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  g.closePath();
  g.fillStyle = colour;
  g.fill();
  g.lineWidth = 1.5;
  g.strokeStyle = '#fff';
  g.stroke();
}

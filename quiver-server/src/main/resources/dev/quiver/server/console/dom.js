// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so payload content can
// not inject markup into the page.

/** h('div', {class: 'x', onclick: fn}, 'text', child, [children]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' || k === 'checked' || k === 'selected') {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

export function clear(el) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
  return el;
}

export function bytes(n) {
  if (n === undefined || n === null) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

/** Shows a message at the top of the page; errors stay until closed, notes fade. */
export function notify(kind, text) {
  const box = document.getElementById('messages');
  const item = h('div', { class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'message-text' }, text),
    h('button', { type: 'button', class: 'close', title: 'Close', onclick: () => item.remove() }, '×'));
  box.appendChild(item);
  if (kind !== 'error') {
    setTimeout(() => item.remove(), 6000);
  }
  return item;
}

/** The server's error, as the server put it: "403 forbidden: the read-only API key may not ..." */
export function showError(e, what) {
  const prefix = what ? what + ': ' : '';
  if (e && e.code) {
    return notify('error', prefix + (e.status ? e.status + ' ' : '') + e.code + ': ' + e.message);
  }
  return notify('error', prefix + (e && e.message ? e.message : String(e)));
}

const IMAGE_EXT = /\.(png|jpe?g|gif|webp|bmp|svg)(\?.*)?$/i;
const AUDIO_EXT = /\.(wav|mp3|ogg|oga|flac|m4a|aac|opus)(\?.*)?$/i;

/**
 * <img>/<audio> elements for what a payload points at: the stored bytes (data_base64 +
 * media_type), data: URLs, and http(s) URLs to image or audio files. Server paths are never
 * fetched (the server does not serve its file system).
 */
export function mediaFor(payload) {
  const out = [];
  if (!payload || typeof payload !== 'object') {
    return out;
  }
  if (typeof payload.data_base64 === 'string' && typeof payload.media_type === 'string') {
    const url = 'data:' + payload.media_type + ';base64,' + payload.data_base64;
    out.push(mediaElement(url, payload.media_type.startsWith('audio/') ? 'audio' : 'image', payload.source));
  }
  for (const [k, v] of Object.entries(payload)) {
    if (k === 'data_base64' || typeof v !== 'string') {
      continue;
    }
    if (v.startsWith('data:image/')) {
      out.push(mediaElement(v, 'image', k));
    } else if (v.startsWith('data:audio/')) {
      out.push(mediaElement(v, 'audio', k));
    } else if (/^https?:\/\//i.test(v) && IMAGE_EXT.test(v)) {
      out.push(mediaElement(v, 'image', k));
    } else if (/^https?:\/\//i.test(v) && AUDIO_EXT.test(v)) {
      out.push(mediaElement(v, 'audio', k));
    }
  }
  return out;
}

function mediaElement(url, kind, title) {
  if (kind === 'audio') {
    return h('audio', { class: 'media', controls: true, preload: 'none', src: url, title: title || '' });
  }
  return h('img', { class: 'media', src: url, alt: title || 'image', loading: 'lazy', referrerpolicy: 'no-referrer' });
}

/** The payload as indented JSON, long strings (stored bytes) shortened. */
export function payloadView(payload) {
  const shown = JSON.stringify(payload, (k, v) => {
    if (typeof v === 'string' && k === 'data_base64' && v.length > 64) {
      return '<' + Math.round(v.length * 3 / 4) + ' bytes, base64>';
    }
    if (typeof v === 'string' && v.startsWith('data:') && v.length > 64) {
      return v.slice(0, v.indexOf(',') + 1) + '<' + v.length + ' characters>';
    }
    if (typeof v === 'string' && v.length > 400) {
      return v.slice(0, 400) + '…';
    }
    return v;
  }, 2);
  return h('pre', { class: 'payload' }, shown);
}

/** A short label for a point: title, name, label, text or source from its payload, else its id. */
export function labelOf(point) {
  const p = point.payload || {};
  for (const f of ['title', 'name', 'label', 'text', 'source']) {
    if (typeof p[f] === 'string' && p[f].trim()) {
      const s = p[f].trim().replace(/\s+/g, ' ');
      return s.length > 120 ? s.slice(0, 119) + '…' : s;
    }
  }
  return String(point.id);
}

/** Parses a JSON text field; empty is undefined; bad JSON throws with the field named. */
export function jsonField(text, what) {
  const t = (text || '').trim();
  if (!t) {
    return undefined;
  }
  try {
    return JSON.parse(t);
  } catch (e) {
    throw new Error(what + ' is not valid JSON: ' + e.message);
  }
}

/** Reads a File as base64 (no data: prefix). */
export function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('cannot read ' + file.name));
    r.readAsDataURL(file);
  });
}

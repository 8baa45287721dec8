// The Quiver web console: collections, point browser, search playground, ask, embedding map.
// Plain ES modules, no build step, no network access beyond this server. Routes: #/ (collections)
// and #/c/<collection>/<tab>.

import { ApiError, call, enc, onUnauthorized, storeKey } from './api.js';
import { clear, h, notify, showError } from './dom.js';
import { addDataTab, askTab, overviewTab, pointsTab, searchTab } from './views.js';
import { mapTab } from './mapview.js';
import { healthTab } from './health.js';

const state = {
  role: null, // admin | read_only | anonymous | invalid
  keyRequired: false,
  lastQuery: null, // {collection, using, query: example} of the last search, for the map
};

function isAdmin() {
  return state.role === 'admin';
}

function rememberQuery(collection, using, query) {
  state.lastQuery = { collection, using, query };
}

function lastQuery(collection) {
  return state.lastQuery && state.lastQuery.collection === collection ? state.lastQuery : null;
}

const main = () => document.getElementById('main');

async function refreshRole() {
  const auth = await call('GET', '/auth');
  state.role = auth.role;
  state.keyRequired = auth.key_required;
  const badge = document.getElementById('role');
  badge.textContent = { admin: auth.key_required ? 'admin key' : 'open server', read_only: 'read-only key',
    anonymous: 'no key', invalid: 'invalid key' }[auth.role] || auth.role;
  badge.className = 'badge role-' + auth.role;
  document.body.classList.toggle('read-only', auth.role === 'read_only');
  document.getElementById('key-button').hidden = !auth.key_required;
  return auth;
}

function askForKey(reason) {
  const dialog = document.getElementById('key-dialog');
  document.getElementById('key-reason').textContent = reason || 'This server requires an API key.';
  const err = document.getElementById('key-error');
  err.hidden = true;
  document.getElementById('key-input').value = '';
  if (!dialog.open) {
    dialog.showModal();
  }
}

async function useKey(key) {
  storeKey(key);
  const auth = await refreshRole();
  if (auth.role === 'anonymous' || auth.role === 'invalid') {
    // say what the server says about this key
    try {
      await call('GET', '/collections');
    } catch (e) {
      const err = document.getElementById('key-error');
      err.textContent = (e instanceof ApiError ? e.status + ' ' + e.code + ': ' : '') + e.message;
      err.hidden = false;
    }
    return false;
  }
  return true;
}

function wireKeyDialog() {
  const dialog = document.getElementById('key-dialog');
  document.getElementById('key-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const ok = await useKey(document.getElementById('key-input').value.trim());
    if (ok) {
      dialog.close();
      notify('note', state.role === 'read_only' ? 'Using a read-only key: searching and browsing only.'
        : 'Using the admin key.');
      route();
    }
  });
  document.getElementById('key-forget').addEventListener('click', async () => {
    storeKey(null);
    await refreshRole();
    askForKey('The key was forgotten. Enter a key to go on.');
  });
  document.getElementById('key-button').addEventListener('click', () => askForKey('Enter another API key.'));
  dialog.addEventListener('cancel', (e) => {
    if (state.role === 'anonymous' || state.role === 'invalid') {
      e.preventDefault(); // nothing works without a key
    }
  });
  onUnauthorized((err) => askForKey(err.message));
}

// ------------------------------------------------------------------------------------------ views

async function collectionsView() {
  const root = clear(main());
  root.appendChild(h('h1', {}, 'Collections'));
  const names = (await call('GET', '/collections')).collections.map((c) => c.name);
  const infos = await Promise.all(names.map((n) => call('GET', '/collections/' + enc(n)).catch((e) => ({ error: e }))));
  const rows = names.map((n, i) => collectionRow(n, infos[i]));
  root.appendChild(names.length
    ? h('table', { class: 'grid', id: 'collections' },
      h('thead', {}, h('tr', {}, ['Name', 'Points', 'Deleted', 'Vectors', 'Dimension', 'Metric', 'Model', 'Index status',
        'Size on disk'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows))
    : h('p', { class: 'muted', id: 'no-collections' }, 'No collections yet.'));
  if (isAdmin()) {
    root.appendChild(createForm());
  }
}

function collectionRow(name, info) {
  if (info.error) {
    return h('tr', {}, h('td', {}, name), h('td', { colspan: 8, class: 'error' }, info.error.message));
  }
  const vectors = Object.entries(info.config.vectors);
  const each = (f) => vectors.map(([, v]) => f(v)).join(', ');
  return h('tr', { class: 'clickable', dataset: { collection: name }, onclick: () => { location.hash = '#/c/' + enc(name) + '/overview'; } },
    h('td', {}, h('a', { href: '#/c/' + enc(name) + '/overview' }, name)),
    h('td', { class: 'num' }, info.points_count),
    h('td', { class: 'num' }, info.deleted_vectors),
    h('td', {}, vectors.map(([n]) => n).join(', ')),
    h('td', { class: 'num' }, each((v) => v.size)),
    h('td', {}, each((v) => v.distance)),
    h('td', {}, each((v) => (v.model ? v.model.name : '–'))),
    h('td', {}, h('span', { class: 'status status-' + info.status }, info.status)),
    h('td', { class: 'num' }, bytesCell(info.disk_bytes)));
}

function bytesCell(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

function createForm() {
  const name = h('input', { id: 'new-name', placeholder: 'docs', required: true, pattern: '[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63}' });
  const kind = h('select', { id: 'new-kind' },
    h('option', { value: 'model' }, 'embedding model'), h('option', { value: 'size' }, 'raw vectors'));
  const model = h('input', { id: 'new-model', value: 'all-MiniLM-L6-v2' });
  const size = h('input', { id: 'new-size', type: 'number', min: 1, value: 384 });
  const distance = h('select', { id: 'new-distance' }, ['cosine', 'dot', 'euclidean'].map((d) => h('option', { value: d }, d)));
  const textIndex = h('input', { id: 'new-text-index', type: 'checkbox', checked: true });
  const modelRow = h('label', {}, 'Model ', model);
  const sizeRow = h('span', { hidden: true }, h('label', {}, 'Dimension ', size), h('label', {}, 'Distance ', distance));
  kind.addEventListener('change', () => {
    modelRow.hidden = kind.value !== 'model';
    sizeRow.hidden = kind.value === 'model';
  });
  const form = h('form', { class: 'card write', id: 'create-form' },
    h('h2', {}, 'New collection'),
    h('div', { class: 'row' }, h('label', {}, 'Name ', name), h('label', {}, 'Vectors from ', kind), modelRow, sizeRow),
    h('label', {}, textIndex, ' keyword index on payload field "text" (for hybrid search and ask)'),
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'create-button' }, 'Create collection')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const vectors = kind.value === 'model' ? { model: model.value.trim() }
      : { size: Number(size.value), distance: distance.value };
    try {
      await call('PUT', '/collections/' + enc(name.value.trim()), { vectors });
      if (textIndex.checked) {
        await call('PUT', '/collections/' + enc(name.value.trim()) + '/index', { field_name: 'text', field_schema: 'text' });
      }
      notify('note', 'Created collection ' + name.value.trim());
      location.hash = '#/c/' + enc(name.value.trim()) + '/add';
    } catch (err) {
      showError(err, 'create collection');
    }
  });
  return form;
}

const TABS = [
  ['overview', 'Overview', overviewTab],
  ['points', 'Points', pointsTab],
  ['search', 'Search', searchTab],
  ['ask', 'Ask', askTab],
  ['map', 'Map', mapTab],
  ['health', 'Health', healthTab],
  ['add', 'Add data', addDataTab],
];

async function collectionView(name, tab, params) {
  const root = clear(main());
  const info = await call('GET', '/collections/' + enc(name));
  const tabs = TABS.filter(([id]) => id !== 'add' || isAdmin());
  const current = tabs.find(([id]) => id === tab) || tabs[0];
  root.appendChild(h('div', { class: 'crumbs' }, h('a', { href: '#/' }, 'Collections'), ' / ', h('strong', { id: 'collection-name' }, name)));
  root.appendChild(h('nav', { class: 'tabs' }, tabs.map(([id, label]) => h('a', {
    href: '#/c/' + enc(name) + '/' + id, class: id === current[0] ? 'tab active' : 'tab', id: 'tab-' + id,
  }, label))));
  const body = h('section', { class: 'tab-body', id: 'tab-body-' + current[0] });
  root.appendChild(body);
  await current[2](body, { name, info, isAdmin: isAdmin(), reload: () => route(), rememberQuery, lastQuery, params });
}

async function route() {
  // #/c/<collection>/<tab>?k=v: the parameters prefill the tab (e.g. #/c/words/map?color=category&q=king)
  const m = location.hash.match(/^#\/c\/([^/?]+)(?:\/([a-z]+))?(?:\?(.*))?$/);
  try {
    if (state.role === 'anonymous' || state.role === 'invalid') {
      clear(main()).appendChild(h('p', { class: 'muted' }, 'Waiting for an API key.'));
      askForKey(state.role === 'invalid' ? 'The key in this tab is not valid for this server.' : undefined);
      return;
    }
    if (m) {
      await collectionView(decodeURIComponent(m[1]), m[2] || 'overview', new URLSearchParams(m[3] || ''));
    } else {
      await collectionsView();
    }
  } catch (e) {
    showError(e);
    clear(main()).appendChild(h('p', { class: 'error' }, e.message));
  }
}

async function start() {
  wireKeyDialog();
  try {
    await refreshRole();
    if (state.role !== 'anonymous' && state.role !== 'invalid') {
      const root = await call('GET', '/').catch(() => null);
      if (root) {
        document.getElementById('version').textContent = root.version;
      }
    }
  } catch (e) {
    showError(e, 'cannot reach the server');
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();

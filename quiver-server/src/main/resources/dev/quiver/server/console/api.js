// The HTTP API as the console uses it: every call carries the key from sessionStorage, every
// answer is unwrapped from its envelope, and every error becomes an ApiError with the server's
// own message and code (the page shows it; nothing is refused silently).

const KEY = 'quiver.apiKey';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key) {
  if (key) {
    sessionStorage.setItem(KEY, key);
  } else {
    sessionStorage.removeItem(KEY);
  }
}

function headers(extra) {
  const h = Object.assign({}, extra);
  const key = storedKey();
  if (key) {
    h['api-key'] = key;
  }
  return h;
}

/** Listeners told about 401 answers, so the page can ask for a key. */
const unauthorizedListeners = [];
export function onUnauthorized(fn) {
  unauthorizedListeners.push(fn);
}

async function unwrap(res) {
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    // not JSON: reported below with the raw text
  }
  if (!res.ok) {
    const err = json && json.status && json.status.error
      ? new ApiError(res.status, json.status.code, json.status.error)
      : new ApiError(res.status, 'http_' + res.status, text.slice(0, 300) || res.statusText);
    if (res.status === 401) {
      unauthorizedListeners.forEach((fn) => fn(err));
    }
    throw err;
  }
  if (!json || !('result' in json)) {
    throw new ApiError(res.status, 'bad_response', 'the server answered without a result: ' + text.slice(0, 200));
  }
  return json.result;
}

/** A JSON call: method, path (with query string), optional body (an object, sent as JSON). */
export async function call(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'cannot reach the server: ' + e.message);
  }
  return unwrap(res);
}

/** Uploads raw bytes (a File) with its content type. */
export async function upload(path, file, contentType) {
  let res;
  try {
    res = await fetch(path, { method: 'POST', headers: headers({ 'Content-Type': contentType }), body: file });
  } catch (e) {
    throw new ApiError(0, 'network', 'cannot reach the server: ' + e.message);
  }
  return unwrap(res);
}

/**
 * POSTs a JSON body and reads server-sent events, calling onEvent(name, data) for each; data is
 * parsed JSON. Resolves when the stream ends. An error answer before the stream throws ApiError.
 */
export async function stream(path, body, onEvent) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'cannot reach the server: ' + e.message);
  }
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok || !type.startsWith('text/event-stream')) {
    return unwrap(res);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
      let event = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) {
          event = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
      if (data.length) {
        let parsed = data.join('\n');
        try {
          parsed = JSON.parse(parsed);
        } catch (e) {
          // plain text data stays text
        }
        onEvent(event, parsed);
      }
    }
  }
  return null;
}

export const enc = encodeURIComponent;

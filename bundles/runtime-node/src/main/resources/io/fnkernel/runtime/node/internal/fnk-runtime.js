// fnkernel's per-context glue: the handler call, the conversion of its result to JSON, per-call
// timers, console and process, and the event built from the flat array JsEvent.java writes. Evaluated once per context as an internal source, so its frames
// never show in stack traces. The host callbacks stay in this closure; handlers cannot reach them.
//   write(stream, text)          stream 1 = stdout, 2 = stderr
//   settle(ok, text, stack)      ok: text is the result as JSON; else text is the error message
//   base64(arrayBuffer, offset, length) -> string
(function (write, settle, base64) {
  'use strict';
  const g = globalThis;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const isView = ArrayBuffer.isView;
  const isArray = Array.isArray;
  const hasOwn = Object.hasOwn;
  const keysOf = Object.keys;
  const entriesOf = Object.entries;
  const defineProperty = Object.defineProperty;
  const now = Date.now;
  const resolved = Promise.resolve();
  const then = Promise.prototype.then;

  let handler = null;
  let owner = null;
  let withParams = false;
  let meta = null;
  let envPairs = [];
  let callId = 0;
  let settledId = 0;

  // ---- per-call timers, run by the Java side between guest calls ----
  const timers = new Map();
  let nextTimerId = 1;

  class Timeout {
    constructor(id) { this.id = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    refresh() { const t = timers.get(this.id); if (t) { t.due = now() + t.delay; } return this; }
    [Symbol.toPrimitive]() { return this.id; }
  }

  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') {
      throw new TypeError('The "callback" argument must be of type function');
    }
    let delay = Number(ms);
    if (!(delay >= 1 && delay <= 2147483647)) {
      delay = 1;
    }
    const id = nextTimerId++;
    timers.set(id, { due: now() + delay, delay, fn, args, repeat });
    return new Timeout(id);
  }

  function clearTimer(t) {
    if (t != null) {
      timers.delete(typeof t === 'object' ? t.id : Number(t));
    }
  }

  g.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  g.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  g.setImmediate = (fn, ...args) => {
    const t = addTimer(fn, 1, args, false);
    timers.get(t.id).due = 0;
    return t;
  };
  g.clearTimeout = clearTimer;
  g.clearInterval = clearTimer;
  g.clearImmediate = clearTimer;
  g.queueMicrotask = (fn) => {
    if (typeof fn !== 'function') {
      throw new TypeError('The "callback" argument must be of type function');
    }
    const id = callId;
    then.call(resolved, () => { try { fn(); } catch (e) { fail(id, e); } });
  };

  // Milliseconds until the next timer is due, 0 when one is due now, -1 when none is left.
  function nextDelay() {
    let due = Infinity;
    for (const t of timers.values()) {
      if (t.due < due) {
        due = t.due;
      }
    }
    return due === Infinity ? -1 : Math.max(0, due - now());
  }

  // Runs the earliest due timer; the engine then drains the microtasks it queued.
  function runOne() {
    let id = 0;
    let first = null;
    for (const [k, t] of timers) {
      if (first === null || t.due < first.due) {
        id = k;
        first = t;
      }
    }
    if (first === null || first.due > now()) {
      return;
    }
    if (first.repeat) {
      first.due = now() + first.delay;
    } else {
      timers.delete(id);
    }
    const call = callId;
    try {
      first.fn.apply(undefined, first.args);
    } catch (e) {
      fail(call, e);
    }
  }

  // ---- console, formatted the way Node prints values (on one line) ----
  function quote(s) {
    return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
  }

  function keyText(k) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k);
  }

  function inspect(v, depth, seen, top) {
    switch (typeof v) {
      case 'string': return top ? v : quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return v + 'n';
      case 'symbol': return v.toString();
      case 'undefined': return 'undefined';
      case 'boolean': return String(v);
      case 'function': {
        const name = v.name ? ': ' + v.name : ' (anonymous)';
        return /^class\b/.test(Function.prototype.toString.call(v)) ? '[class' + (v.name ? ' ' + v.name : '') + ']' : '[Function' + name + ']';
      }
      default: break;
    }
    if (v === null) {
      return 'null';
    }
    if (v instanceof Error) {
      return String(v.stack || v);
    }
    if (v instanceof Date) {
      return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    }
    if (v instanceof RegExp) {
      return String(v);
    }
    if (seen.includes(v)) {
      return '[Circular]';
    }
    const inner = (x) => inspect(x, depth + 1, seen.concat([v]), false);
    const list = (prefix, items, open, close) => {
      const shown = items.slice(0, 100);
      const more = items.length > 100 ? [`... ${items.length - 100} more items`] : [];
      return items.length === 0 ? prefix + open + close : prefix + open + ' ' + shown.concat(more).join(', ') + ' ' + close;
    };
    if (isArray(v)) {
      return depth > 2 ? '[Array]' : list('', v.map(inner), '[', ']');
    }
    if (isView(v) && !(v instanceof DataView)) {
      return depth > 2 ? `[${v.constructor.name}]` : list(`${v.constructor.name}(${v.length}) `, Array.from(v, String), '[', ']');
    }
    if (v instanceof Map) {
      return depth > 2 ? '[Map]' : list(`Map(${v.size}) `, Array.from(v, ([k, x]) => inner(k) + ' => ' + inner(x)), '{', '}');
    }
    if (v instanceof Set) {
      return depth > 2 ? '[Set]' : list(`Set(${v.size}) `, Array.from(v, inner), '{', '}');
    }
    if (v instanceof Promise) {
      return 'Promise {}';
    }
    const proto = Object.getPrototypeOf(v);
    const name = proto === null ? '[Object: null prototype] ' : proto === Object.prototype ? '' : ((proto.constructor && proto.constructor.name) || '') + ' ';
    if (depth > 2) {
      return '[' + (name.trim() || 'Object') + ']';
    }
    return list(name, keysOf(v).map((k) => keyText(k) + ': ' + inner(v[k])), '{', '}');
  }

  function format(args) {
    let first = args[0];
    let rest = 1;
    let out = '';
    if (typeof first === 'string' && first.includes('%')) {
      out = first.replace(/%[sdifjoOc%]/g, (m) => {
        if (m === '%%') {
          return '%';
        }
        if (rest >= args.length) {
          return m;
        }
        const a = args[rest++];
        switch (m) {
          case '%s': return typeof a === 'string' ? a : inspect(a, 1, [], false);
          case '%d': case '%i': return typeof a === 'bigint' ? a + 'n' : String(m === '%i' ? parseInt(a, 10) : Number(a));
          case '%f': return String(parseFloat(a));
          case '%j': try { return stringify(a); } catch (e) { return '[Circular]'; }
          case '%c': return '';
          default: return inspect(a, 0, [], false);
        }
      });
    } else {
      out = args.length ? inspect(first, 0, [], true) : '';
    }
    for (let i = rest; i < args.length; i++) {
      out += ' ' + inspect(args[i], 0, [], true);
    }
    return out;
  }

  let indent = '';
  const counts = new Map();
  const times = new Map();
  const print = (stream) => (...args) => { write(stream, indent ? indent + format(args).replace(/\n/g, '\n' + indent) : format(args)); };
  const log = print(1);
  const error = print(2);
  g.console = {
    log, info: log, debug: log, error, warn: error,
    trace: (...args) => error('Trace' + (args.length ? ': ' + format(args) : '') + '\n' + String(new Error().stack).split('\n').slice(2).join('\n')),
    dir: (v) => log(v),
    table: log,
    assert: (ok, ...args) => { if (!ok) { error('Assertion failed' + (args.length ? ': ' + format(args) : '')); } },
    count: (label = 'default') => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); log(`${label}: ${n}`); },
    countReset: (label = 'default') => { counts.delete(label); },
    time: (label = 'default') => { times.set(label, now()); },
    timeLog: (label = 'default', ...args) => { if (times.has(label)) { log(`${label}: ${now() - times.get(label)}ms`, ...args); } },
    timeEnd: (label = 'default') => { if (times.has(label)) { log(`${label}: ${now() - times.get(label)}ms`); times.delete(label); } },
    group: (...args) => { if (args.length) { log(...args); } indent += '  '; },
    groupCollapsed: (...args) => { if (args.length) { log(...args); } indent += '  '; },
    groupEnd: () => { indent = indent.slice(2); },
  };

  // ---- process: the function's own environment and nothing of the host's ----
  g.process = {
    env: {},
    argv: [],
    nextTick: (fn, ...args) => g.queueMicrotask(() => fn(...args)),
  };

  // ---- the event, built from the flat array JsEvent.java writes (same shape as EventJson) ----
  let at = 0;

  // Sets an own data property, also for the key "__proto__" (which plain assignment would treat as
  // the prototype), the way JSON.parse does.
  function put(o, k, v) {
    if (k === '__proto__') {
      defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
    } else {
      o[k] = v;
    }
  }

  // A count, then per key: key, value count, values; one value stays alone, others become a list.
  function readMulti(p) {
    const o = {};
    for (let n = p[at++]; n > 0; n--) {
      const k = p[at++];
      const c = p[at++];
      if (c === 1) {
        put(o, k, p[at++]);
      } else {
        const list = [];
        for (let j = 0; j < c; j++) {
          list.push(p[at++]);
        }
        put(o, k, list);
      }
    }
    return o;
  }

  // A count, then key, value.
  function readPairs(p) {
    const o = {};
    for (let n = p[at++]; n > 0; n--) {
      const k = p[at++];
      put(o, k, p[at++]);
    }
    return o;
  }

  function makeEvent(p) {
    const id = p[0];
    at = 10;
    const query = readMulti(p);
    const paramsAt = at;
    const params = readPairs(p);
    at = paramsAt;
    const pathParams = readPairs(p);
    const headers = readMulti(p);
    const e = {
      id, ts: p[1], method: p[2], path: p[3], raw_path: p[4], version: meta.version,
      query, params, path_params: pathParams, headers,
    };
    const body = p[5];
    if (body !== null) {
      e.body = body;
      if (p[6]) {
        e.is_base64 = true;
      }
    }
    const sid = p[at++];
    const raw = p[at++];
    const cookies = readPairs(p);
    if (raw !== null) {
      e.session = sid !== null ? { id: sid, raw, cookies } : { raw, cookies };
    }
    const ua = p[8];
    e.client = ua !== null ? { ip: p[7], ua } : { ip: p[7] };
    const context = {
      request_id: id, runtime: meta.runtime, function_name: meta.name, version: meta.version,
      timeout_ms: meta.timeoutMs, max_concurrency: meta.maxConcurrency, max_body_bytes: meta.maxBodyBytes,
    };
    const user = p[9];
    if (user !== null) {
      context.user = parse(user);
    }
    e.context = context;
    const env = {};
    for (let i = 0; i < envPairs.length; i++) {
      put(env, envPairs[i][0], envPairs[i][1]);
    }
    e.env = env;
    return e;
  }

  // ---- the handler call ----
  function isBinary(v) {
    return v instanceof ArrayBuffer || isView(v);
  }

  function bytesToBase64(v) {
    return v instanceof ArrayBuffer ? base64(v, 0, v.byteLength) : base64(v.buffer, v.byteOffset, v.byteLength);
  }

  function toJson(v) {
    if (v !== null && typeof v === 'object') {
      if (isBinary(v)) {
        return stringify({ is_base64: true, body_base64: bytesToBase64(v) });
      }
      if (!isArray(v) && hasOwn(v, 'body') && isBinary(v.body)) {
        const copy = Object.assign({}, v);
        delete copy.body;
        copy.is_base64 = true;
        copy.body_base64 = bytesToBase64(v.body);
        return stringify(copy);
      }
    }
    const s = stringify(v);
    return s === undefined ? 'null' : s;
  }

  function fail(id, e) {
    if (id !== callId || settledId === id) {
      return;
    }
    settledId = id;
    let message;
    let stack = '';
    try {
      message = e != null && typeof e.message === 'string' ? e.message : String(e);
      stack = e instanceof Error ? String(e.stack || '') : '';
    } catch (x) {
      message = 'the handler threw a value that cannot be printed';
    }
    settle(false, message, stack);
  }

  function succeed(id, v) {
    if (id !== callId || settledId === id) {
      return;
    }
    let json;
    try {
      json = toJson(v);
    } catch (e) {
      fail(id, e);
      return;
    }
    settledId = id;
    settle(true, json, '');
  }

  // Loads the module and finds the handler; returns '' or what is missing.
  function load(entry, name, isDefaultName, envJson, constants) {
    g.process.env = parse(envJson);
    envPairs = entriesOf(g.process.env); // taken before the module runs, so its edits to process.env stay its own
    meta = {
      version: constants[0], runtime: constants[1], name: constants[2],
      timeoutMs: constants[3], maxConcurrency: constants[4], maxBodyBytes: constants[5],
    };
    const m = g.require(entry);
    let h = m != null ? m[name] : undefined;
    let o = m;
    if (typeof h !== 'function' && m != null && m.default != null && typeof m.default[name] === 'function') {
      o = m.default;
      h = o[name];
    }
    if (typeof h !== 'function' && isDefaultName) {
      if (typeof m === 'function') {
        o = undefined;
        h = m;
      } else if (m != null && typeof m.default === 'function') {
        o = m;
        h = m.default;
      }
    }
    if (typeof h !== 'function') {
      return 'missing';
    }
    handler = h;
    owner = o;
    withParams = h.length > 1;
    return '';
  }

  // Calls the handler: returns the result as JSON when it answered synchronously; otherwise the
  // result or error arrives through settle() once the promise settles.
  function call(parts) {
    const id = ++callId;
    if (timers.size !== 0) {
      timers.clear();
    }
    try {
      const event = makeEvent(parts);
      const r = withParams ? handler.call(owner, event, event.params) : handler.call(owner, event);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        r.then((v) => succeed(id, v), (e) => fail(id, e));
        return undefined;
      }
      const json = toJson(r);
      settledId = id;
      return json;
    } catch (e) {
      fail(id, e);
      return undefined;
    }
  }

  return { load, call, nextDelay, runOne };
})

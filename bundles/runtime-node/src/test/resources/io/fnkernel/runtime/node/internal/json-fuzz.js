// Compares fnk-json.js's JSON.parse with the builtin (saved as `builtinParse` before fnk-json.js ran)
// on generated JSON texts and on mutations of them. fuzz(seed, docs) returns the number of texts
// compared, or throws describing the first one on which the two differ.
function same(a, b) {
  if (typeof a !== typeof b) {
    return false;
  }
  if (a === null || typeof a !== 'object') {
    return Object.is(a, b);
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    return false;
  }
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length) {
    return false;
  }
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) {
      return false;
    }
    const da = Object.getOwnPropertyDescriptor(a, ka[i]);
    const db = Object.getOwnPropertyDescriptor(b, kb[i]);
    if (da.writable !== db.writable || da.enumerable !== db.enumerable || da.configurable !== db.configurable
        || !same(da.value, db.value)) {
      return false;
    }
  }
  return true;
}

function outcome(parse, text) {
  try {
    return { value: parse(text) };
  } catch (e) {
    return { error: e.constructor.name + ': ' + e.message };
  }
}

// Throws when the two parsers disagree on text.
function check(text) {
  const want = outcome(builtinParse, text);
  const got = outcome(JSON.parse, text);
  const agree = 'error' in want ? got.error === want.error : !('error' in got) && same(got.value, want.value);
  if (!agree) {
    throw new Error('differs on ' + JSON.stringify(text) + ': builtin ' + (want.error || JSON.stringify(want.value))
        + ', fnk ' + (got.error || JSON.stringify(got.value)));
  }
}

function fuzz(seed, docs) {
  let state = seed >>> 0;
  const rand = (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const pick = (xs) => xs[rand(xs.length)];
  const keys = ['id', 'name', 'score', 'tags', '__proto__', 'toString', 'constructor', 'hasOwnProperty', '0', '7', '42',
    '', 'a b', 'ключ', '\u00e9t\u00e9', 'id'];
  const numbers = ['0', '-0', '7', '-12', '123456789012345', '1234567890123456', '9007199254740993', '90071992547409931', '12345678901234567890123',
    '1.5', '-0.25', '3.14159265358979323846', '1e3', '1E-7', '2e+10', '-1.2e-3', '1e309', '-1e400', '4.9e-325', '0.1'];
  const chars = ['a', 'Z', ' ', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\u00e9', '\\uD83D\\uDE00',
    '\\uDC00', '\\uffff', '\u00e9', '\u4e2d', '\ud83d\ude00', "'", '{', ']', ','];
  const ws = ['', '', '', ' ', '\n', '\t', '\r\n  '];
  const str = () => {
    let s = '"';
    for (let n = rand(8); n > 0; n--) {
      s += pick(chars);
    }
    return s + '"';
  };
  const gen = (depth) => {
    const r = rand(depth > 3 ? 6 : 9);
    if (r === 0) {
      return pick(['true', 'false', 'null']);
    }
    if (r === 1 || r === 2) {
      return pick(numbers);
    }
    if (r === 3 || r === 4 || r === 5) {
      return str();
    }
    if (r === 6) {
      const parts = [];
      for (let n = rand(5); n > 0; n--) {
        parts.push(pick(ws) + gen(depth + 1) + pick(ws));
      }
      return '[' + parts.join(',') + ']';
    }
    const parts = [];
    for (let n = rand(6); n > 0; n--) {
      parts.push(pick(ws) + JSON.stringify(pick(keys)) + pick(ws) + ':' + pick(ws) + gen(depth + 1) + pick(ws));
    }
    return '{' + parts.join(',') + '}';
  };
  const noise = ['', ' ', '"', '\\', ',', ':', '[', ']', '{', '}', '-', '.', 'e', '+', '0', '1', 'u', 'x', '\u0001', '\n'];
  const mutate = (s) => {
    const i = rand(s.length + 1);
    switch (rand(4)) {
      case 0: return s.slice(0, i) + s.slice(i + 1);
      case 1: return s.slice(0, i) + pick(noise) + s.slice(i);
      case 2: return s.slice(0, i) + pick(noise) + s.slice(i + 1);
      default: return s.slice(0, i);
    }
  };
  let compared = 0;
  for (let d = 0; d < docs; d++) {
    const text = pick(ws) + gen(0) + pick(ws);
    check(text);
    compared++;
    for (let m = 0; m < 4; m++) {
      check(mutate(text));
      compared++;
    }
  }
  return compared;
}

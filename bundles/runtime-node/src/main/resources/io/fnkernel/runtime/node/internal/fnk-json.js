// JSON.parse for strings, written in JavaScript. GraalJS's own parser runs in Java, reading the
// text a character at a time through uncached string operations and adding every property through
// an uncached shape lookup; here the compiler sees the loops and caches the shapes of the objects a
// handler keeps receiving (records of the same keys parse about twice as fast, documents of ever
// changing keys as fast as before). Only a string without a reviver takes this path; anything else,
// and any text it does not accept, goes to the builtin, so errors and their messages are the
// builtin's. Properties are created as CreateDataProperty does: a key that Object.prototype has
// ("__proto__", "toString", or one a program added, setters included) is defined, not assigned;
// an element that a setter on Array.prototype takes instead (asking `k in a` first would halve the
// speed) makes the builtin parse the text again, the setter having been called once. Evaluated
// before the glue in every context, as an internal source.
(function () {
  'use strict';
  const builtin = JSON.parse;
  const objectProto = Object.prototype;
  const defineProperty = Object.defineProperty;
  const fromCharCode = String.fromCharCode;
  // Thrown where the text is not JSON this parser accepts; the builtin then reports the error.
  const REJECT = { reject: true };

  function State(s) {
    this.s = s;
    this.i = 0;
    this.n = s.length;
  }

  function skip(p) {
    const s = p.s;
    const n = p.n;
    let i = p.i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
        break;
      }
      i++;
    }
    p.i = i;
  }

  function value(p) {
    skip(p);
    const s = p.s;
    const i = p.i;
    const c = s.charCodeAt(i);
    if (c === 34) {
      return string(p);
    }
    if (c === 123) {
      return object(p);
    }
    if (c === 91) {
      return array(p);
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      return number(p);
    }
    if (c === 116 && s.startsWith('true', i)) {
      p.i = i + 4;
      return true;
    }
    if (c === 102 && s.startsWith('false', i)) {
      p.i = i + 5;
      return false;
    }
    if (c === 110 && s.startsWith('null', i)) {
      p.i = i + 4;
      return null;
    }
    throw REJECT;
  }

  // p.i is at the opening quote.
  function string(p) {
    const s = p.s;
    const n = p.n;
    const start = p.i + 1;
    for (let i = start; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        p.i = i + 1;
        return s.slice(start, i);
      }
      if (c === 92 || c < 32) {
        return escaped(p, s.slice(start, i), i);
      }
    }
    throw REJECT;
  }

  // The rest of a string from its first backslash (or control character, which is an error) at i.
  function escaped(p, head, i) {
    const s = p.s;
    const n = p.n;
    let out = head;
    let from = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        p.i = i + 1;
        return out + s.slice(from, i);
      }
      if (c < 32) {
        throw REJECT;
      }
      if (c !== 92) {
        i++;
        continue;
      }
      out += s.slice(from, i);
      switch (s.charCodeAt(i + 1)) {
        case 34: out += '"'; break;
        case 92: out += '\\'; break;
        case 47: out += '/'; break;
        case 98: out += '\b'; break;
        case 102: out += '\f'; break;
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 117:
          out += fromCharCode(hex(s, i + 2) << 12 | hex(s, i + 3) << 8 | hex(s, i + 4) << 4 | hex(s, i + 5));
          i += 4;
          break;
        default: throw REJECT;
      }
      i += 2;
      from = i;
    }
    throw REJECT;
  }

  function hex(s, i) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      return c - 48;
    }
    if (c >= 97 && c <= 102) {
      return c - 87;
    }
    if (c >= 65 && c <= 70) {
      return c - 55;
    }
    throw REJECT;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; up to 15 integer digits are exact in a double and
  // are summed here, anything longer or with a fraction or exponent is converted as ToNumber does.
  function number(p) {
    const s = p.s;
    const n = p.n;
    const start = p.i;
    let i = start;
    const negative = s.charCodeAt(i) === 45;
    if (negative) {
      i++;
    }
    let c = s.charCodeAt(i);
    let v = 0;
    let digits = 0;
    if (c === 48) {
      i++;
      digits = 1;
    } else if (c >= 49 && c <= 57) {
      while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        i++;
        digits++;
      }
    } else {
      throw REJECT;
    }
    c = s.charCodeAt(i);
    if (c !== 46 && c !== 101 && c !== 69 && digits <= 15) {
      p.i = i;
      return negative ? -v : v;
    }
    if (c === 46) {
      i = digitsFrom(s, i + 1, n);
      c = s.charCodeAt(i);
    }
    if (c === 101 || c === 69) {
      c = s.charCodeAt(i + 1);
      i = digitsFrom(s, c === 43 || c === 45 ? i + 2 : i + 1, n);
    }
    p.i = i;
    return +s.slice(start, i);
  }

  // Index after one or more digits from i.
  function digitsFrom(s, i, n) {
    const first = i;
    let c;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
    }
    if (i === first) {
      throw REJECT;
    }
    return i;
  }

  // p.i is at the opening brace.
  function object(p) {
    const o = {};
    const s = p.s;
    p.i++;
    skip(p);
    if (s.charCodeAt(p.i) === 125) {
      p.i++;
      return o;
    }
    for (;;) {
      skip(p);
      if (s.charCodeAt(p.i) !== 34) {
        throw REJECT;
      }
      const key = string(p);
      skip(p);
      if (s.charCodeAt(p.i) !== 58) {
        throw REJECT;
      }
      p.i++;
      const v = value(p);
      if (key in objectProto) {
        defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
      } else {
        o[key] = v;
      }
      skip(p);
      const c = s.charCodeAt(p.i++);
      if (c === 125) {
        return o;
      }
      if (c !== 44) {
        throw REJECT;
      }
    }
  }

  // p.i is at the opening bracket.
  function array(p) {
    const a = [];
    const s = p.s;
    p.i++;
    skip(p);
    if (s.charCodeAt(p.i) === 93) {
      p.i++;
      return a;
    }
    for (let k = 0; ; k++) {
      a[k] = value(p);
      if (a.length !== k + 1) {
        throw REJECT;
      }
      skip(p);
      const c = s.charCodeAt(p.i++);
      if (c === 93) {
        return a;
      }
      if (c !== 44) {
        throw REJECT;
      }
    }
  }

  const methods = {
    parse(text, reviver) {
      if (typeof text !== 'string' || reviver !== undefined) {
        return builtin(text, reviver);
      }
      const p = new State(text);
      try {
        const v = value(p);
        skip(p);
        if (p.i === p.n) {
          return v;
        }
      } catch (e) {
        // REJECT, or the stack ran out on deep nesting: the builtin decides.
      }
      return builtin(text);
    },
  };
  defineProperty(JSON, 'parse', { value: methods.parse, writable: true, enumerable: false, configurable: true });
})();

// Node's Buffer for handlers, which GraalJS does not have: a Uint8Array with Node's encodings (utf8,
// base64, base64url, hex, latin1/binary, ascii) and the everyday statics. Evaluated once per context,
// before the glue, as an internal source; `require('buffer')` returns the same class.
(function () {
  'use strict';
  const HEX = '0123456789abcdef';
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const B64_VALUE = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) {
    B64_VALUE[B64.charCodeAt(i)] = i;
  }
  B64_VALUE[45] = 62; // '-'
  B64_VALUE[95] = 63; // '_'

  function normalize(encoding) {
    const e = encoding === undefined || encoding === null ? 'utf8' : String(encoding).toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'base64': case 'base64url': case 'hex': case 'ascii': return e;
      case 'latin1': case 'binary': return 'latin1';
      default: return null;
    }
  }

  function encodingOf(encoding) {
    const e = normalize(encoding);
    if (e === null) {
      const err = new TypeError('Unknown encoding: ' + encoding);
      err.code = 'ERR_UNKNOWN_ENCODING';
      throw err;
    }
    return e;
  }

  function utf8Bytes(s) {
    const out = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        c = 0xfffd; // a lone surrogate
      }
      if (c < 0x80) {
        out.push(c);
      } else if (c < 0x800) {
        out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      } else if (c < 0x10000) {
        out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      } else {
        out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
    }
    return out;
  }

  function utf8Text(b, start, end) {
    let s = '';
    let i = start;
    while (i < end) {
      const c = b[i];
      const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
      let cp = n === 0 ? c : n === 1 ? c & 31 : n === 2 ? c & 15 : c & 7;
      let j = 1;
      for (; n > 0 && j <= n && i + j < end && (b[i + j] & 0xc0) === 0x80; j++) {
        cp = (cp << 6) | (b[i + j] & 63);
      }
      if (n < 0 || j <= n || (n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff))) {
        s += '\ufffd';
        i += j; // the lead byte and the continuation bytes read: one replacement for them
        continue;
      }
      s += String.fromCodePoint(cp);
      i += n + 1;
    }
    return s;
  }

  function base64Bytes(s) {
    const out = [];
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 61) { // '=' ends the data
        break;
      }
      const v = c < 128 ? B64_VALUE[c] : -1;
      if (v < 0) { // whitespace and other characters are skipped, as Node does
        continue;
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((acc >> bits) & 255);
      }
    }
    return out;
  }

  function base64Text(b, start, end, alphabet, pad) {
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      s += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
    }
    if (i + 1 === end) {
      s += alphabet[b[i] >> 2] + alphabet[(b[i] & 3) << 4] + (pad ? '==' : '');
    } else if (i + 2 === end) {
      const n = (b[i] << 8) | b[i + 1];
      s += alphabet[n >> 10] + alphabet[(n >> 4) & 63] + alphabet[(n & 15) << 2] + (pad ? '=' : '');
    }
    return s;
  }

  function hexBytes(s) {
    const out = [];
    for (let i = 0; i + 1 < s.length; i += 2) {
      const pair = s.substr(i, 2);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
        break; // Node stops at the first pair that is not hex
      }
      out.push(parseInt(pair, 16));
    }
    return out;
  }

  function stringBytes(s, encoding) {
    switch (encodingOf(encoding)) {
      case 'utf8': return utf8Bytes(s);
      case 'base64': case 'base64url': return base64Bytes(s);
      case 'hex': return hexBytes(s);
      default: { // latin1, ascii
        const out = new Array(s.length);
        for (let i = 0; i < s.length; i++) {
          out[i] = s.charCodeAt(i) & 255;
        }
        return out;
      }
    }
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') {
        return copyOf(stringBytes(value, encodingOrOffset));
      }
      if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)) {
        const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : Number(length));
      }
      if (ArrayBuffer.isView(value) || Array.isArray(value)) {
        return copyOf(value);
      }
      if (value !== null && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) {
        return Buffer.from(value.data);
      }
      throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array, or array-like object');
    }

    static alloc(size, fill, encoding) {
      const b = new Buffer(size);
      if (fill !== undefined && fill !== 0) {
        const pattern = typeof fill === 'number' ? [fill & 255] : Buffer.from(fill, encoding);
        for (let i = 0; pattern.length > 0 && i < size; i++) {
          b[i] = pattern[i % pattern.length];
        }
      }
      return b;
    }

    static allocUnsafe(size) {
      return new Buffer(size);
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      return typeof encoding === 'string' && normalize(encoding) !== null;
    }

    static byteLength(value, encoding) {
      if (typeof value !== 'string') {
        return value.byteLength;
      }
      return stringBytes(value, encoding).length;
    }

    static concat(list, totalLength) {
      const total = totalLength === undefined ? list.reduce((n, b) => n + b.length, 0) : totalLength;
      const out = Buffer.alloc(total);
      let at = 0;
      for (const b of list) {
        for (let i = 0; i < b.length && at < total; i++) {
          out[at++] = b[i];
        }
      }
      return out;
    }

    static compare(a, b) {
      return a.compare(b);
    }

    toString(encoding, start, end) {
      const s = Math.max(0, start === undefined ? 0 : start | 0);
      const e = Math.min(this.length, end === undefined ? this.length : end | 0);
      if (e <= s) {
        return '';
      }
      switch (encodingOf(encoding)) {
        case 'utf8': return utf8Text(this, s, e);
        case 'base64': return base64Text(this, s, e, B64, true);
        case 'base64url': return base64Text(this, s, e, B64URL, false);
        case 'hex': {
          let out = '';
          for (let i = s; i < e; i++) {
            out += HEX[this[i] >> 4] + HEX[this[i] & 15];
          }
          return out;
        }
        default: {
          const mask = normalize(encoding) === 'ascii' ? 127 : 255;
          let out = '';
          for (let i = s; i < e; i++) {
            out += String.fromCharCode(this[i] & mask);
          }
          return out;
        }
      }
    }

    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other) {
      return this.compare(other) === 0;
    }

    compare(other) {
      const n = Math.min(this.length, other.length);
      for (let i = 0; i < n; i++) {
        if (this[i] !== other[i]) {
          return this[i] < other[i] ? -1 : 1;
        }
      }
      return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }

    // Node's slice shares memory, like subarray (a Uint8Array's slice copies).
    slice(start, end) {
      return this.subarray(start, end);
    }

    write(string, offset, length, encoding) {
      if (typeof offset === 'string') {
        encoding = offset;
        offset = 0;
        length = undefined;
      } else if (typeof length === 'string') {
        encoding = length;
        length = undefined;
      }
      const at = offset === undefined ? 0 : offset | 0;
      const bytes = stringBytes(string, encoding);
      const n = Math.min(bytes.length, this.length - at, length === undefined ? Infinity : length | 0);
      for (let i = 0; i < n; i++) {
        this[at + i] = bytes[i];
      }
      return Math.max(0, n);
    }
  }

  function copyOf(bytes) {
    const b = new Buffer(bytes.length);
    b.set(bytes);
    return b;
  }

  Object.defineProperty(globalThis, 'Buffer', { value: Buffer, writable: true, configurable: true, enumerable: false });
})();

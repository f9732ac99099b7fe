// Plain Node.js doing the benchmark's compute work over HTTP, for the side-by-side figure.
const http = require('http');
const { work } = require('../functions/compute/work.js');

const port = Number(process.argv[2] || 8091);
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let status = 200;
    let out;
    try {
      out = JSON.stringify(work(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    } catch (e) {
      // The readiness probe is a GET without a body: answer it rather than crash.
      status = 400;
      out = JSON.stringify({ error: String(e.message) });
    }
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
    res.end(out);
  });
}).listen(port, '127.0.0.1', () => console.log(`node compute listening on 127.0.0.1:${port}`));

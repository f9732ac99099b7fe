// Plain Node.js doing the benchmark's compute work over HTTP, for the side-by-side figure.
const http = require('http');
const { work } = require('../functions/compute/work.js');

const port = Number(process.argv[2] || 8091);
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const out = JSON.stringify(work(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
    res.end(out);
  });
}).listen(port, '127.0.0.1', () => console.log(`node compute listening on 127.0.0.1:${port}`));

// POST /compute with a ~2 KB JSON body: parse, sort and reduce (see work.js).
const { work } = require('./work.js');

exports.handler = (event) => work(JSON.parse(event.body));

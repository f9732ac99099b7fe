// The request body is not UTF-8, so it arrives base64-encoded with is_base64 set.
exports.handler = (event) => ({
  status: 200,
  headers: { 'Content-Type': 'application/octet-stream' },
  is_base64: true,
  body_base64: event.is_base64 ? event.body : '',
});

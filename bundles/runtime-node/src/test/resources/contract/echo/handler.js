// Echoes the event fields the contract test checks. ("body" and "headers" are avoided as keys:
// an object with them and no status is an envelope.)
exports.handler = async (event) => ({
  method: event.method,
  path: event.path,
  raw_path: event.raw_path,
  query: event.query,
  params: event.params,
  request_body: event.body === undefined ? null : event.body,
  header: event.headers['x-test'] ?? null,
  function_name: event.context.function_name,
  version: event.context.version,
  request_id: event.context.request_id,
  client_ip: event.client.ip,
  user: event.context.user ?? null,
  session_id: event.session ? (event.session.id ?? null) : null,
});

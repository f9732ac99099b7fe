exports.handler = (event) => ({
  greeting: process.env.GREETING ?? null,
  event_env: event.env.GREETING ?? null,
  path: process.env.PATH ?? null,
});

// FastFN's versioning example: "status" is not an HTTP code, so this is data (200 JSON).
exports.handler = async (event) => ({
  status: 'success',
  data: { greeting: `Hello from V2, ${event.query.name}` },
});

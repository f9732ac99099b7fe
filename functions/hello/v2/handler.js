// GET /hello@v2?name=World  ->  {"status":"success","data":{"greeting":"Hello from V2, World"}}
// "status" here is data, not an HTTP status: the answer is 200 with this object as JSON.
exports.handler = async (event) => {
  const name = event.query.name || 'World';
  return { status: 'success', data: { greeting: `Hello from V2, ${name}` } };
};

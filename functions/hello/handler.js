// GET /hello?name=World  ->  {"message":"Hello from V1, World"}
exports.handler = async (event) => {
  const name = event.query.name || 'World';
  return { message: `Hello from V1, ${name}` };
};

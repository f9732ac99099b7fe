exports.handler = () => ({
  status: 201,
  headers: { 'X-Custom': 'yes', 'Set-Cookie': ['a=1', 'b=2'] },
  body: 'created',
});

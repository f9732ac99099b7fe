exports.handler = () => {
  throw new Error('boom');
};

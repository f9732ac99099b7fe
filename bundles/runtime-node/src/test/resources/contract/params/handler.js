exports.handler = (event, params) => ({ id: params.id });

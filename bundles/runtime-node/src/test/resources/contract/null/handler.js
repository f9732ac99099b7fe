exports.handler = () => null;

let count = 0;
exports.handler = () => ({ count: ++count });

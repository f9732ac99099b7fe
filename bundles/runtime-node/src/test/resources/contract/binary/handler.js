exports.handler = () => new Uint8Array([0, 1, 2, 255]);

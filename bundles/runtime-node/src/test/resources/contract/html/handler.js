exports.default = () => '<!doctype html><html><body>hi</body></html>';

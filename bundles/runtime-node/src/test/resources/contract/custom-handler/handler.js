exports.run = () => 'ran';

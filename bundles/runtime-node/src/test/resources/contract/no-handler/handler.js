exports.other = () => 1;

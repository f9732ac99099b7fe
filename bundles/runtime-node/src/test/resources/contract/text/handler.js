module.exports = () => 'plain text';

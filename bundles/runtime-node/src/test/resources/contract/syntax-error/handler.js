exports.handler = () => {
  return 1 +;
};

exports.handler = (event) => {
  if (event.query.loop) {
    for (;;) { /* runaway */ }
  }
  return 'ok';
};

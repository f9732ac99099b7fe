exports.handler = async () => {
  await new Promise((resolve) => resolve());
  return { ok: true };
};

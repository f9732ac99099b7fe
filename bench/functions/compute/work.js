// The benchmark's CPU-bound work, shared by the fnkernel handler and the plain Node.js server so
// both do exactly the same: sort ~40 records 20 ways, fold a checksum, total and count tags.
function work(doc) {
  const items = doc.items;
  let checksum = 0;
  for (let round = 1; round <= 20; round++) {
    const sorted = items.slice().sort((a, b) => ((a.score * round) % 97) - ((b.score * round) % 97) || a.id - b.id);
    for (let i = 0; i < sorted.length; i++) {
      checksum = (checksum * 31 + sorted[i].id * (i + 1)) % 1000000007;
    }
  }
  let total = 0;
  const tags = {};
  for (const item of items) {
    total += item.score;
    for (const t of item.tags) {
      tags[t] = (tags[t] || 0) + 1;
    }
  }
  return { count: items.length, total, mean: total / items.length, checksum, tags };
}

module.exports = { work };

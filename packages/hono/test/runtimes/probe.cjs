// The CommonJS entry of the built core: require() must also pick the node:crypto hasher on Node.
// Prints one JSON line: whether a key authenticated, and how many crypto.subtle calls it took.
const subtle = globalThis.crypto.subtle;
let subtleCalls = 0;
for (const method of ["digest", "sign"]) {
  const original = subtle[method];
  subtle[method] = function countedSubtleCall(...args) {
    subtleCalls++;
    return original.apply(this, args);
  };
}
const { createKeyward, memoryStore } = require("@keyward/core");

(async () => {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/posts/read"] });
  const { key } = await keyward.keys.create({ role: "reader" });
  const result = await keyward.authenticate(key);
  const can = result.ok && result.principal.can("content/posts/read");
  console.log(JSON.stringify({ ok: result.ok, can, subtleCalls }));
})();

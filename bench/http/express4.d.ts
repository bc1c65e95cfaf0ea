// Express 4, installed under the alias "express4" beside Express 5. Typed with Express 5's types:
// the benchmark apps use only the API both majors share (use, get, disable, listen, res.json).
declare module "express4" {
  import express from "express";
  export default express;
}

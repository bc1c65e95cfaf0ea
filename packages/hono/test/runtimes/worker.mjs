// The matrix app as a Cloudflare Worker module, bundled by esbuild with workerd's conditions.
import { createRuntimeApp } from "./app.mjs";

export default createRuntimeApp();

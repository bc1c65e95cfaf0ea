import { describeHttpConformance } from "@keyward/conformance";
import { buildApp, listen } from "./app";

describeHttpConformance("express 5", (keyward, options) => listen(buildApp("express5", keyward, options)));
describeHttpConformance("express 4", (keyward, options) => listen(buildApp("express4", keyward, options)));

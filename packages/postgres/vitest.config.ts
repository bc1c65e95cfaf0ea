import { keywardProject } from "../../vitest.shared.ts";

export default keywardProject("postgres");

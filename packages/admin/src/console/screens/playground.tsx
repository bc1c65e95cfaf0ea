import { PermissionCheck } from "./permission-check";
import { RequestRunner } from "./request-runner";
import { ScreenTitle } from "./screen-title";

/** The playground: explain a permission decision, and send a request to the protected API. */
export function PlaygroundScreen() {
  return (
    <>
      <ScreenTitle title="Playground" />
      <PermissionCheck />
      <RequestRunner />
    </>
  );
}

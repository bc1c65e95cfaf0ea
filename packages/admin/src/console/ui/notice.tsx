import type { ComponentChildren } from "preact";

/**
 * An error, announced at once by screen readers (`role="alert"`). The message is rendered as text:
 * API messages echo names that came from users.
 */
export function ErrorNotice({ message, id }: { message: string | null; id?: string }) {
  if (message === null || message === "") return null;
  return (
    <p class="notice notice-error" role="alert" id={id}>
      {message}
    </p>
  );
}

/** A warning that stays on screen (not announced as an alert). */
export function Warning({ children, id }: { children: ComponentChildren; id?: string }) {
  return (
    <div class="notice notice-warning" id={id}>
      {children}
    </div>
  );
}

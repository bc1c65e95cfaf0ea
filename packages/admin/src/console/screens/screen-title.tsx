import { useEffect, useRef } from "preact/hooks";

/**
 * A screen's heading. It takes the focus when the screen opens, so that keyboard and screen reader
 * users land on the new content instead of staying on the navigation link.
 */
export function ScreenTitle({ title }: { readonly title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    document.title = `${title} · keyward admin`;
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {title}
    </h1>
  );
}

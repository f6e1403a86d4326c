// A titled part of the detail view, named for assistive technology by its heading.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export function Section({
  title,
  testid,
  children,
  tone,
}: {
  title: string;
  testid?: string | undefined;
  tone?: string | undefined;
  children: ComponentChildren;
}) {
  const id = useId();
  return (
    <section class={`detail-section${tone ? ` tone-${tone}` : ''}`} aria-labelledby={id} data-testid={testid}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

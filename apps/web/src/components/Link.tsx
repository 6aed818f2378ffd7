import type { ReactNode } from 'react';
import { Link as AriaLink } from 'react-aria-components';

/** A same-app link: RouterProvider (App) turns it into a client-side navigation. */
export function Link(props: { href: string; children: ReactNode; className?: string; 'aria-label'?: string }) {
  return (
    <AriaLink href={props.href} className={props.className ?? 'link'} aria-label={props['aria-label']}>
      {props.children}
    </AriaLink>
  );
}

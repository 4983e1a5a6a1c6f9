import type { ReactNode } from "react";
import { navigate, routePath, type Route } from "./router";

/** A link inside the studio: a real href (open in a new tab works), navigation without a reload. */
export function Link(props: { to: Route; children: ReactNode; className?: string; current?: boolean }) {
  return (
    <a
      href={routePath(props.to)}
      className={props.className}
      aria-current={props.current ? "page" : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

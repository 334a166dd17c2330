"use client";

import { BarList as TremorBarList } from "@tremor/react";
import type { ComponentProps } from "react";

/**
 * Tremor's BarList without the `aria-sort` it puts on a plain div (an ARIA attribute axe rejects there, issue 19
 * item 5). A client component, so the override survives: a server component's `undefined` prop is dropped in transit.
 */
export function BarList(props: ComponentProps<typeof TremorBarList>) {
  return <TremorBarList {...props} aria-sort={undefined} />;
}

import type { RefObject } from "react";
import { useWidgetAutoResize } from "@saleor/app-sdk/app-bridge";

/** Reports a widget's height to the Dashboard (render only inside the Dashboard). */
export function AutoResize({ rootRef }: { rootRef: RefObject<HTMLDivElement | null> }) {
  useWidgetAutoResize(rootRef);
  return null;
}

/**
 * `use:focusOnMount` on a screen's heading (with `tabindex="-1"`): when a screen opens, focus
 * moves to its heading, so that screen readers announce where the user is and Tab continues
 * from the top of the new screen.
 */
export function focusOnMount(node: HTMLElement): void {
  node.focus({ preventScroll: true });
}

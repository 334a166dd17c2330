"use client";

/**
 * Where keyboard focus goes when a form's action answers (issue 19 item 5): never lost to `<body>`.
 * - a field error: the first invalid field of the form that was submitted;
 * - a refusal with no field: the form's error sentence (`role="alert"`), made focusable;
 * - success: focus stays where it was; if the form re-rendered and focus fell to `<body>`, it goes back to the
 *   submitted form's submit button, or to the page's `<main>` when that form is gone.
 * The form is found again by its position among the page's forms, since a form keyed on its result is a new element.
 */
let lastSubmitted: { index: number; element: HTMLFormElement } | null = null;

if (typeof document !== "undefined") {
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (form instanceof HTMLFormElement) lastSubmitted = { index: [...document.forms].indexOf(form), element: form };
    },
    true,
  );
}

function submittedForm(): HTMLFormElement | null {
  if (!lastSubmitted) return null;
  if (lastSubmitted.element.isConnected) return lastSubmitted.element;
  return document.forms[lastSubmitted.index] ?? null;
}

function focusable(el: HTMLElement): HTMLElement {
  if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) el.tabIndex = -1;
  return el;
}

/**
 * Moves focus for the result of the last submitted form, after React has rendered it.
 * @param result what the action answered: `ok` for success, field errors or an error sentence otherwise
 */
export function focusAfterResult(result: { ok?: boolean; error?: string; fieldErrors?: Record<string, string[] | undefined> }): void {
  requestAnimationFrame(() => {
    const form = submittedForm();
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!result.ok) {
      const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
      const message = form?.querySelector<HTMLElement>('[role="alert"]') ?? document.querySelector<HTMLElement>('main [role="alert"]');
      (invalid ?? (message ? focusable(message) : null))?.focus();
      return;
    }
    if (!lost) return;
    const button = form?.querySelector<HTMLElement>('button[type="submit"], button:not([type])');
    (button ?? document.querySelector<HTMLElement>("main#main"))?.focus();
  });
}

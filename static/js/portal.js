// Starts the design system's components (menu button, error summary, …) on every page. Loaded
// as a module, so only browsers that GOV.UK Frontend supports run it; without it every page
// still works (the menu is simply shown open).
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

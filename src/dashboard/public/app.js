// Entry point: reads the address (path, ?date=, ?departement=, ?niveau=), renders the view, and keeps
// the address in step with every choice so a view can be bookmarked and shared.
import { adoptTokenFromUrl, currentToken, forgetToken, setToken, tokenClaims } from "./api.js";
import { errorState, h, loadingState } from "./dom.js";
import { isIsoDate, todayInFrance } from "./format.js";
import { renderConvention } from "./views/convention.js";
import { renderDepartment } from "./views/department.js";
import { renderFrance } from "./views/france.js";
import { renderImport } from "./views/import.js";

performance.mark("ctg:app-start"); // the bench reads it: what the assets cost before any data
const view = document.getElementById("view");
let generation = 0;
let firstRender = true;

function routeOf(pathname) {
  const department = /^\/departements\/([^/]+)\/?$/.exec(pathname);
  if (department) return { name: "department", code: decodeURIComponent(department[1]).toUpperCase() };
  const convention = /^\/conventions\/([^/]+)\/?$/.exec(pathname);
  if (convention) return { name: "convention", reference: decodeURIComponent(convention[1]) };
  if (/^\/imports\/?$/.test(pathname)) return { name: "import" };
  return { name: "france" };
}

/** An address of the dashboard with the current date (and other kept parameters). */
function href(pathname, params = {}) {
  const url = new URL(pathname, window.location.origin);
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

function navigate(target, { replace = false } = {}) {
  if (replace) window.history.replaceState(null, "", target);
  else window.history.pushState(null, "", target);
  void render();
}

/** Changes query parameters of the current view (null removes one). */
function setParams(changes) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  navigate(`${url.pathname}${url.search}`);
}

/** Without a token: a button that opens a small form where an agent or partner pastes the token it was given. */
function signInForm(status) {
  const input = h("input", { id: "token-input", name: "token", type: "password", autocomplete: "off", spellcheck: "false" });
  const form = h(
    "form",
    {
      id: "sign-in",
      class: "sign-in",
      onsubmit: (event) => {
        event.preventDefault();
        if (!input.value.trim()) {
          input.focus();
          return;
        }
        setToken(input.value);
        showTokenStatus();
        void render();
      },
    },
    h("label", { for: "token-input" }, "Jeton d'accès"),
    input,
    h("button", { type: "submit", class: "button" }, "Utiliser ce jeton"),
  );
  status.replaceChildren(
    h(
      "button",
      {
        type: "button",
        class: "link-button",
        id: "sign-in-open",
        "aria-expanded": "false",
        "aria-controls": "sign-in",
        onclick: (event) => {
          const open = event.currentTarget.getAttribute("aria-expanded") !== "true";
          event.currentTarget.setAttribute("aria-expanded", String(open));
          form.hidden = !open;
          if (open) input.focus();
        },
      },
      "Se connecter",
    ),
    form,
  );
  form.hidden = true;
}

function showTokenStatus() {
  const status = document.getElementById("token-status");
  status.hidden = false;
  if (!currentToken()) {
    signInForm(status);
    return;
  }
  status.hidden = false;
  const claims = tokenClaims();
  const role = { ADMIN: "administrateur", CAF_AGENT: "agent CAF", ANALYST: "analyste", PARTNER: "partenaire" }[claims?.role];
  const where = claims?.departments?.length ? ` (${claims.departments.join(", ")})` : "";
  status.replaceChildren(
    role ? `Connecté : ${role}${where} · ` : "Jeton d'accès actif · ",
    h(
      "button",
      {
        type: "button",
        class: "link-button",
        onclick: () => {
          forgetToken();
          showTokenStatus();
          void render();
        },
      },
      "l'oublier",
    ),
  );
}

async function render() {
  const current = ++generation;
  const url = new URL(window.location.href);
  const requested = url.searchParams.get("date");
  const date = isIsoDate(requested) ? requested : todayInFrance();
  const route = routeOf(url.pathname);
  const context = {
    date,
    params: url.searchParams,
    href,
    navigate,
    setParams,
    // A slower answer to an earlier choice must not overwrite the newer view.
    isCurrent: () => current === generation,
  };
  document.querySelectorAll("[data-nav]").forEach((link) => {
    if (link.dataset.nav === "france") link.setAttribute("href", href("/", { date: requested }));
    if (link.dataset.nav === route.name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
  view.setAttribute("aria-busy", "true");
  view.replaceChildren(loadingState());
  try {
    if (route.name === "department") await renderDepartment(view, context, route.code);
    else if (route.name === "convention") await renderConvention(view, context, route.reference);
    else if (route.name === "import") await renderImport(view, context);
    else await renderFrance(view, context);
  } catch (error) {
    if (context.isCurrent()) view.replaceChildren(errorState(error));
    console.error(error);
  } finally {
    if (context.isCurrent()) view.removeAttribute("aria-busy");
  }
  // After a navigation (not the first load), focus goes to the new title as on a page change.
  if (!firstRender && context.isCurrent()) view.querySelector("h1")?.focus({ preventScroll: false });
  firstRender = false;
}

// Links marked data-internal change the view without reloading the page (and its chart library).
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest("a[data-internal]") : null;
  if (!link || link.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(`${link.pathname}${link.search}`);
});
window.addEventListener("popstate", () => void render());

adoptTokenFromUrl();
showTokenStatus();
void render();

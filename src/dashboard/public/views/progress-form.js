// For a signed-in CAF agent or partner: the form that updates an action's status and progress, with the version
// it was read at (a stale version is refused by the hub with CONFLICT: said in French, with a reload offered).
import { gqlMutation, tokenClaims } from "../api.js";
import { h } from "../dom.js";
import { ACTION_STATUSES, formatInteger } from "../format.js";
import { actionWriteForms } from "./followup-forms.js";

const UPDATE_PROGRESS = `mutation DashboardUpdateProgress($id: ID!, $version: Int!, $input: ActionProgressInput!) {
  updateActionProgress(id: $id, version: $version, input: $input) { id version status progress progressNote }
}`;

/** Roles whose token may write an action's progress (the hub checks the département or the association). */
const WRITERS = ["CAF_AGENT", "ADMIN", "PARTNER"];

/**
 * The forms, or nothing for a visitor without a writer's token. `reload(id)` reads the follow-up again and draws the
 * forms with `reloaded` (that action) selected and focused.
 */
export function progressForms(actions, reload, reloaded = null) {
  const claims = tokenClaims();
  if (!claims || !WRITERS.includes(claims.role) || actions.length === 0) return null;
  const byId = new Map(actions.map((a) => [a.id, a]));
  const message = h("div", { id: "progress-message", role: "status", "aria-live": "polite" });
  const status = h(
    "select",
    { id: "progress-status", name: "status" },
    Object.entries(ACTION_STATUSES).map(([value, text]) => h("option", { value }, text)),
  );
  const progress = h("input", {
    id: "progress-value",
    name: "progress",
    type: "number",
    min: "0",
    max: "100",
    step: "1",
    inputmode: "numeric",
  });
  const note = h("textarea", { id: "progress-note", name: "progressNote", rows: "3" });
  const version = h("input", { type: "hidden", name: "version", id: "progress-version" });
  const choose = h(
    "select",
    { id: "progress-action", name: "action", onchange: () => fill() },
    actions.map((a) => h("option", { value: a.id }, a.title)),
  );

  if (reloaded && byId.has(reloaded)) choose.value = reloaded;
  const others = actionWriteForms({
    describe: problem,
    reload,
    success: (text) => h("p", { class: "state state--success" }, text),
  });

  function fill() {
    const a = byId.get(choose.value);
    status.value = a.status;
    progress.value = a.progress === null || a.progress === undefined ? "" : String(a.progress);
    note.value = a.progressNote ?? "";
    version.value = String(a.version);
    void others.select(a.id);
  }
  fill();

  const submit = h("button", { type: "submit", class: "button" }, "Enregistrer");
  const form = h(
    "form",
    {
      id: "progress-form",
      class: "form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const value = progress.value.trim();
        const number = value === "" ? null : Number(value);
        if (number !== null && (!Number.isInteger(number) || number < 0 || number > 100)) {
          progress.setAttribute("aria-invalid", "true");
          message.replaceChildren(h("p", { class: "state state--error", role: "alert" }, "L'avancement est un nombre entier de 0 à 100."));
          progress.focus();
          return;
        }
        progress.removeAttribute("aria-invalid");
        const action = byId.get(choose.value);
        submit.disabled = true;
        try {
          const data = await gqlMutation(UPDATE_PROGRESS, {
            id: action.id,
            version: Number(version.value),
            // An empty progress is left as it is (the hub keeps the stored value); an emptied note is cleared.
            input: { status: status.value, ...(number === null ? {} : { progress: number }), progressNote: note.value.trim() || null },
          });
          const saved = data.updateActionProgress;
          Object.assign(action, saved);
          version.value = String(saved.version);
          message.replaceChildren(
            h(
              "p",
              { class: "state state--success" },
              `Enregistré : « ${action.title} » — ${ACTION_STATUSES[saved.status] ?? saved.status}${saved.progress === null ? "" : `, ${formatInteger(saved.progress)} %`} (version ${saved.version}).`,
            ),
          );
        } catch (error) {
          message.replaceChildren(problem(error, () => reload(action.id)));
          message.querySelector("button")?.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("h4", {}, "État et avancement"),
    h("div", { class: "form__row" }, h("label", { for: "progress-status" }, "État"), status),
    h(
      "div",
      { class: "form__row" },
      h("label", { for: "progress-value" }, "Avancement (%)", h("span", { class: "form__hint" }, " de 0 à 100, vide si inconnu")),
      progress,
    ),
    h("div", { class: "form__row" }, h("label", { for: "progress-note" }, "Point d'avancement"), note),
    version,
    submit,
  );
  if (reloaded && byId.has(reloaded)) {
    const a = byId.get(reloaded);
    message.replaceChildren(
      h(
        "p",
        { class: "state", id: "progress-reloaded" },
        `Action « ${a.title} » rechargée (version ${a.version}) : vérifiez son état actuel, puis saisissez à nouveau vos modifications.`,
      ),
    );
    requestAnimationFrame(() => status.focus());
  }
  return h(
    "div",
    { id: "progress-forms" },
    h("h3", {}, "Mettre à jour une action"),
    h(
      "p",
      { class: "form__hint" },
      claims.role === "PARTNER"
        ? "En tant que partenaire, vous pouvez mettre à jour les actions dont votre association est opératrice."
        : "En tant qu'agent CAF, vous pouvez mettre à jour les actions des CTG de vos départements.",
    ),
    h("div", { class: "form__row form__row--action" }, h("label", { for: "progress-action" }, "Action à mettre à jour"), choose),
    form,
    message,
    others.element,
  );
}

function problem(error, reload) {
  if (error.code === "CONFLICT") {
    return h(
      "div",
      { class: "state state--error", role: "alert", id: "progress-conflict" },
      h(
        "p",
        {},
        "Conflit de version : cette action a été modifiée par quelqu'un d'autre depuis l'affichage de la page. Rien n'a été enregistré.",
      ),
      h("p", {}, `Détail du hub : ${error.message}`),
      h("button", { type: "button", class: "button button--secondary", onclick: () => reload() }, "Recharger l'action et réessayer"),
    );
  }
  const known = {
    FORBIDDEN: "Modification refusée : votre jeton ne donne pas de droits sur cette action.",
    UNAUTHENTICATED: "Jeton d'accès refusé ou expiré : reconnectez-vous.",
    BAD_USER_INPUT: "Valeur refusée par le hub.",
  };
  return h(
    "p",
    { class: "state state--error", role: "alert" },
    known[error.code] ? `${known[error.code]} (${error.message})` : `Enregistrement impossible : ${error.message}`,
  );
}

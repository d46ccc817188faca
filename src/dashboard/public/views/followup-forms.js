// The chosen action's other writes (issue 18's follow-up mutations): a note in its journal, an indicator's result, the
// actual spending of a budget line (with the line's version: a stale one is a CONFLICT, said as for the progress).
import { gqlMutation, gqlPartial } from "../api.js";
import { h } from "../dom.js";
import { formatDateInput, formatEuros, formatNumber, parseDateInput, todayInFrance } from "../format.js";

const ACTION_DETAIL = `query DashboardActionDetail($id: ID!) {
  node(id: $id) {
    ... on Action {
      id
      budgetLines { id version year kind unit planned actual }
      indicatorValues { id indicator year target value note definition { label unit } }
    }
  }
}`;

const ADD_NOTE = `mutation DashboardAddNote($actionId: ID!, $input: NoteInput!) {
  addActionNote(actionId: $actionId, input: $input) { id notedOn }
}`;

const SET_RESULT = `mutation DashboardSetResult($input: PlanIndicatorInput!) {
  setPlanIndicatorValue(input: $input) { id year value }
}`;

const SET_ACTUAL = `mutation DashboardSetActual($actionId: ID!, $version: Int, $input: BudgetLineInput!) {
  setActionBudgetLine(actionId: $actionId, version: $version, input: $input) { id version actual }
}`;

const KINDS = { OPERATING: "fonctionnement", INVESTMENT: "investissement" };

/** A French number as typed ("12 500,50", "12500.5"), or null when empty; NaN when it is not one. */
function parseAmount(text) {
  const value = String(text ?? "")
    .replace(/[\s\u00a0\u202f€]/g, "")
    .replace(",", ".");
  return value === "" ? null : Number(value);
}

const row = (id, text, control) => h("div", { class: "form__row" }, h("label", { for: id }, text), control);

/**
 * The three forms for one action at a time. `describe(error, retry)` writes a refusal (the progress form's wording);
 * `reload(id)` reads the follow-up again. Answers the element and `select(actionId)`.
 */
export function actionWriteForms({ describe, reload, success }) {
  let actionId = null;
  const box = h("div", { id: "action-write-forms" });
  const message = h("div", { id: "write-message", role: "status", "aria-live": "polite" });

  async function submit(button, run) {
    button.disabled = true;
    try {
      // Each form keeps what it saved (a line's new version): nothing is redrawn under the visitor's hands.
      message.replaceChildren(success(await run()));
    } catch (error) {
      message.replaceChildren(describe(error, () => reload(actionId)));
      message.querySelector("button")?.focus();
    } finally {
      button.disabled = false;
    }
  }

  function refuse(input, text) {
    input.setAttribute("aria-invalid", "true");
    message.replaceChildren(h("p", { class: "state state--error", role: "alert" }, text));
    input.focus();
  }

  function noteForm() {
    const date = h("input", {
      id: "note-date",
      name: "notedOn",
      type: "text",
      inputmode: "numeric",
      value: formatDateInput(todayInFrance()),
    });
    const text = h("textarea", { id: "note-text", name: "text", rows: "3" });
    const restricted = h("input", { id: "note-restricted", name: "restricted", type: "checkbox" });
    const button = h("button", { type: "submit", class: "button" }, "Ajouter la note");
    return h(
      "form",
      {
        id: "note-form",
        class: "form",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          if (!text.value.trim()) return refuse(text, "Écrivez le texte de la note.");
          const notedOn = parseDateInput(date.value);
          if (!notedOn) return refuse(date, `Date invalide « ${date.value.trim()} » : jj/mm/aaaa attendu.`);
          text.removeAttribute("aria-invalid");
          date.removeAttribute("aria-invalid");
          void submit(button, async () => {
            const input = { notedOn, text: text.value.trim(), restricted: restricted.checked };
            await gqlMutation(ADD_NOTE, { actionId, input });
            text.value = "";
            return `Note du ${formatDateInput(notedOn)} ajoutée au journal.`;
          });
        },
      },
      h("h4", {}, "Ajouter une note au journal"),
      row("note-date", "Date (jj/mm/aaaa)", date),
      row("note-text", "Texte", text),
      h(
        "div",
        { class: "form__check" },
        restricted,
        h("label", { for: "note-restricted" }, "Note réservée (agents CAF du département, association opératrice)"),
      ),
      button,
    );
  }

  function resultForm(values) {
    if (values.length === 0) return h("p", { class: "form__hint", id: "result-none" }, "Aucun indicateur n'est suivi pour cette action.");
    const choose = h(
      "select",
      { id: "result-indicator", name: "indicator" },
      values.map((v, i) =>
        h(
          "option",
          { value: String(i) },
          `${v.definition?.label ?? v.indicator} ${v.year} (cible ${formatNumber(v.target)}${v.definition?.unit ? ` ${v.definition.unit}` : ""})`,
        ),
      ),
    );
    const value = h("input", { id: "result-value", name: "value", type: "text", inputmode: "decimal" });
    const fill = () => {
      const v = values[Number(choose.value)];
      value.value = v.value === null ? "" : String(v.value).replace(".", ",");
    };
    choose.addEventListener("change", fill);
    fill();
    const button = h("button", { type: "submit", class: "button" }, "Enregistrer le résultat");
    return h(
      "form",
      {
        id: "result-form",
        class: "form",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const number = parseAmount(value.value);
          if (number === null || Number.isNaN(number)) return refuse(value, "Le résultat est un nombre (ex. 52 ou 12,5).");
          value.removeAttribute("aria-invalid");
          const v = values[Number(choose.value)];
          void submit(button, async () => {
            await gqlMutation(SET_RESULT, { input: { actionId, indicator: v.indicator, year: v.year, value: number } });
            v.value = number;
            return `Résultat ${v.year} enregistré : ${formatNumber(number)}.`;
          });
        },
      },
      h("h4", {}, "Enregistrer le résultat d'un indicateur"),
      row("result-indicator", "Indicateur et année", choose),
      row("result-value", "Résultat", value),
      button,
    );
  }

  function spendingForm(lines) {
    if (lines.length === 0) return h("p", { class: "form__hint", id: "actual-none" }, "Aucune ligne budgétaire pour cette action.");
    const describeLine = (l) =>
      `${l.year ?? "toute la durée"}, ${KINDS[l.kind] ?? l.kind}${l.unit === "FTE" ? " (ETP)" : ""} — prévu ${l.unit === "FTE" ? `${formatNumber(l.planned)} ETP` : formatEuros(l.planned)}`;
    const choose = h(
      "select",
      { id: "actual-line", name: "line" },
      lines.map((l, i) => h("option", { value: String(i) }, describeLine(l))),
    );
    const actual = h("input", { id: "actual-value", name: "actual", type: "text", inputmode: "decimal" });
    const version = h("input", { id: "actual-version", type: "hidden" });
    const fill = () => {
      const l = lines[Number(choose.value)];
      actual.value = l.actual === null ? "" : String(l.actual).replace(".", ",");
      version.value = String(l.version);
    };
    choose.addEventListener("change", fill);
    fill();
    const button = h("button", { type: "submit", class: "button" }, "Enregistrer le réalisé");
    return h(
      "form",
      {
        id: "actual-form",
        class: "form",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const number = parseAmount(actual.value);
          if (number === null || Number.isNaN(number) || number < 0)
            return refuse(actual, "Le réalisé est un montant positif (ex. 9 500 ou 9500,50).");
          actual.removeAttribute("aria-invalid");
          const l = lines[Number(choose.value)];
          void submit(button, async () => {
            const input = { kind: l.kind, unit: l.unit, year: l.year, actual: number };
            const saved = (await gqlMutation(SET_ACTUAL, { actionId, version: Number(version.value), input })).setActionBudgetLine;
            Object.assign(l, { version: saved.version, actual: saved.actual });
            version.value = String(saved.version);
            return `Réalisé enregistré : ${l.unit === "FTE" ? `${formatNumber(saved.actual)} ETP` : formatEuros(saved.actual)} (version ${saved.version}).`;
          });
        },
      },
      h("h4", {}, "Enregistrer une dépense réalisée"),
      row("actual-line", "Ligne budgétaire", choose),
      row("actual-value", "Réalisé", actual),
      version,
      button,
    );
  }

  /** Reads the action's budget lines and indicators (money only when the token allows it) and draws the forms. */
  async function select(id) {
    actionId = id;
    const { data, errors } = await gqlPartial(ACTION_DETAIL, { id });
    if (actionId !== id) return;
    const action = data.node;
    const moneyRefused = errors.some((e) => e.path?.includes("budgetLines"));
    const lines = (action?.budgetLines ?? []).filter((l) => l !== null);
    box.replaceChildren(
      noteForm(),
      resultForm(action?.indicatorValues ?? []),
      moneyRefused
        ? h("p", { class: "form__hint" }, "Les lignes budgétaires de cette action ne vous sont pas ouvertes.")
        : spendingForm(lines),
    );
  }

  return { element: h("div", {}, box, message), select };
}

// The offline GraphiQL: its UMD bundle (with React 18's UMD builds) is served by the hub itself.
// The saved tabs are the README's examples. The visitor's dashboard token, if any, is preset in the headers.
/* global React, ReactDOM, GraphiQL */
(function start() {
  const examples = [
    {
      title: "Communes d'un département",
      query: `# Les communes de Haute-Marne non couvertes par une CTG au 30 juin 2025
query CommunesNonCouvertes {
  communes(first: 500, filter: { department: "52", covered: false, coveredOn: "2025-06-30" }) {
    totalCount
    edges { node { code name population intercommunality { name } } }
  }
}
`,
    },
    {
      title: "Couverture",
      query: `# Taux de couverture d'un département, par intercommunalité
query Couverture {
  departmentCoverage(code: "52", asOf: "2025-06-30") {
    departmentName communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare
    byIntercommunality { name communeCount coveredCommuneCount coveredPopulationShare }
  }
}
`,
    },
    {
      title: "Comparaison",
      query: `# Comparaison des territoires d'un département
query Comparaison {
  compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "2025-06-30") {
    name coverageStatus coveredPopulationShare nextExpiry actionCount partnerCount
    actionsByTheme { theme count }
  }
}
`,
    },
    {
      title: "Une convention",
      query: `query Convention {
  convention(reference: "CTG-52-2023-200044253") {
    title
    status(asOf: "2025-06-30")
    holder { ... on Intercommunality { name } }
    signatories { role name }
    coveredCommunes(first: 100) { totalCount edges { node { code name population } } }
    objectives { position title actions { title theme status } }
  }
}
`,
    },
  ];
  let token = null;
  try {
    token = window.localStorage.getItem("ctg-hub.token");
  } catch {
    // storage refused: no token
  }
  const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : "";
  const fetcher = GraphiQL.createFetcher({ url: `${window.location.origin}/graphql` });
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: true,
      defaultTabs: examples.map((e) => ({ query: e.query, headers })),
      // No request to a schema registry or anywhere else: introspection goes to this hub only.
      shouldPersistHeaders: false,
    }),
  );
})();

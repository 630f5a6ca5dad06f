/**
 * Architecture rules, checked by `npm test` (dependency-cruiser). See CONTRIBUTING.md.
 * A domain imports `lib/`, `web/` and the domains it builds on — never one above it, never another domain's
 * routes or pages, and no two domains import each other. The order below is that "builds on" relation:
 * each folder may import only the folders listed before it. Type-only imports vanish at compile time and are
 * not checked. A new domain must be placed in this list.
 */
const LAYERS = [
  "lib",
  "web",
  "auth",
  "audit",
  "units",
  "holidays",
  "categories",
  "time-limits",
  "accounts",
  "signin",
  "policies",
  "villages",
  "jobs",
  "notifications",
  "petitions",
  "sessions",
  "commitments",
  "exports",
  "reports",
  "open311",
  "dashboard",
  "home",
  "docs",
];

const layerRules = LAYERS.map((layer, index) => {
  const above = LAYERS.slice(index + 1);
  return {
    name: `layer-${layer}`,
    comment: `src/${layer}/ may import only folders listed before it in LAYERS (.dependency-cruiser.cjs): not ${above.join(", ") || "—"}.`,
    severity: "error",
    from: { path: `^src/${layer}/` },
    to: { path: `^src/(${above.join("|")})/` },
  };
}).filter((rule) => rule.to.path !== "^src/()/");

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Modules must not depend on each other in a cycle.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-another-domains-routes-or-pages",
      comment: "Only src/index.tsx mounts routes and pages; a domain never imports another domain's routes or pages.",
      severity: "error",
      from: { path: "^src/([^/]+)/" },
      to: { path: "^src/[^/]+/(routes|pages|[a-z-]+-pages)\\.tsx?$", pathNot: "^src/$1/" },
    },
    {
      name: "domain-in-layers",
      comment: "Every folder under src/ must be placed in LAYERS in .dependency-cruiser.cjs.",
      severity: "error",
      from: { path: `^src/(?!(${LAYERS.join("|")})/)[^/]+/` },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports vanish at compile time: the rules are about what runs.
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    exclude: { path: "(^|/)worker-configuration\\.d\\.ts$" },
  },
};

// The layering in docs/architecture.md, as rules `npm run lint` checks (depcruise src). Imports point downward:
//   cli, server, jobs  →  dataset, store, search, llm, models, embedding, privacy  →  release, analytics, pipeline  →  schema, settings, core
// .dependency-cruiser-known-violations.json (`depcruise --ignore-known`) is empty and stays so: a new
// violation is fixed, not listed.
const PURE = '^src/(pipeline|release|analytics)/';
const IO_AND_COMPOSITION = '^src/(store|dataset|server|cli|jobs|search|llm|models|embedding)/';
const NETWORK_MODULES = '^(node:)?(http|https|http2|net|tls|dgram|undici)$';
// Matched installed (node_modules/…) or not (an unresolvable import keeps its bare name).
const HTTP_CLIENT_PACKAGES = '(^|node_modules/)(undici|node-fetch|cross-fetch|axios|got|ky|superagent|needle|openai|@openai/[^/]+)(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import downward only (type-only imports count too); a cycle means two layers or two parts of one have grown together.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-layers-no-io',
      comment: 'pipeline, release and analytics are pure: they receive a store, client or model handle as an argument instead of importing one.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { path: IO_AND_COMPOSITION },
    },
    {
      name: 'pure-layers-no-node-io',
      comment: 'No file system, worker threads or sockets in the pure layers; those sit at the edge that hands the stages what they need.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|worker_threads|child_process|http|https|http2|net|tls|dgram)$' },
    },
    {
      name: 'pure-layers-no-node-module',
      comment:
        'No node:module (createRequire, require.cache) in the pure layers: the CommonJS data packages they read are loaded by src/resources and handed over through pipeline/data-packages.ts.',
      severity: 'error',
      from: { path: '^src/(pipeline|release)/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^(node:)?module$' },
    },
    {
      name: 'resources-only-at-the-edge',
      comment: 'src/resources loads packages with node:module; the pure layers receive what it loads instead of importing it.',
      severity: 'error',
      from: { path: '^src/(pipeline|release|analytics|schema|settings|core)/' },
      to: { path: '^src/resources/' },
    },
    {
      name: 'dataset-not-pipeline',
      comment: 'dataset reads and writes files; the pipeline runs above it in jobs, not inside it.',
      severity: 'error',
      from: { path: '^src/dataset/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'pipeline-not-release',
      comment: 'release builds on the pipeline, never the reverse.',
      severity: 'error',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/release/' },
    },
    {
      name: 'bottom-layers-import-nothing-above',
      comment: 'schema, settings and core are the floor every layer may stand on, so they import only each other.',
      severity: 'error',
      from: { path: '^src/(schema|settings|core)/', pathNot: '\\.test\\.ts$|^src/settings/resolve-[a-z-]+-config\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(schema|settings|core)/' },
    },
    {
      name: 'config-resolvers-pure-only',
      comment:
        "The typed resolve…Config functions turn flags into a command config; they may use the pure layers' value parsers (release times, dedup policy, token encodings, stats options) but never I/O or composition.",
      severity: 'error',
      from: { path: '^src/settings/resolve-[a-z-]+-config\\.ts$' },
      to: { path: IO_AND_COMPOSITION },
    },
    {
      name: 'outbound-http-only-in-llm',
      comment:
        'All outbound HTTP goes through src/llm (one transport, retry policy and UpstreamError). Only the two files that open the listening server (cli/start-server, cli/server-hardening) may touch node:http/net for that; nothing else in src imports a socket or HTTP client module. The global fetch is banned outside src/llm by ESLint (no-restricted-globals/-properties), since an import rule cannot see a global.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/llm/|^src/cli/(start-server|server-hardening)\\.ts$|\\.test\\.ts$' },
      to: { dependencyTypes: ['core'], path: NETWORK_MODULES },
    },
    {
      name: 'http-client-packages-only-in-llm',
      comment: 'HTTP client libraries from npm are outbound HTTP too; src/llm has its own transport and needs none of them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: HTTP_CLIENT_PACKAGES },
    },
    {
      name: 'web-not-server-internals',
      comment: 'The front end talks to the server over HTTP only.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/(server|store|dataset|cli|llm|pipeline|release)/' },
    },
    {
      name: 'no-test-helpers-in-production',
      comment: 'Production code never imports tests, test doubles or fixtures.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.(test|contract)\\.ts$|test-|-fixtures\\.ts$|test-writer\\.ts$' },
      to: { path: '(\\.test\\.ts$|^test/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stays in the graph (not followed) so that rules can name npm packages.
    exclude: { path: '^web/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};

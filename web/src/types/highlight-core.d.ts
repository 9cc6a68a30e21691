// highlight.js ships types for its main entry and languages, but not for the lean "core" entry
// the app imports to keep only a handful of languages in the bundle.
declare module 'highlight.js/lib/core' {
  import type { HLJSApi } from 'highlight.js';
  const hljs: HLJSApi;
  export default hljs;
}

/**
 * The `eval` source that starts a worker thread on a sibling module: the compiled `.js` file when
 * this code runs from the build (dist/), otherwise the `.ts` source through tsx's loader, so
 * workers always run the same flavour of code as the main thread.
 */
export function workerBootstrap(callerUrl: string, workerModule: string): string {
  const compiled = callerUrl.endsWith('.js');
  const workerUrl = new URL(`./${workerModule}.${compiled ? 'js' : 'ts'}`, callerUrl).href;
  if (compiled) return `import(${JSON.stringify(workerUrl)});`;
  const tsxUrl = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsxUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); });`;
}

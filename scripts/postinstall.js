// Runs `npm run build` after `npm ci` / `npm install`, so that `npx wildchat` starts from compiled
// code and `npx wildchat serve` serves the web app with no extra step.
import './build.js';

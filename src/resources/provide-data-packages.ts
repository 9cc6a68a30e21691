// Imported for its effect by every entry point (CLI, workers, bench, eval, the test runner) before a stage runs.
import { providePipelineDataPackages } from '../pipeline/data-packages.ts';
import { nodeDataPackages } from './node-data-packages.ts';

providePipelineDataPackages(nodeDataPackages);

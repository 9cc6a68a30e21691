/** Entry point of the `wildchat` command (bin/wildchat.js loads this through tsx). */
import '../resources/provide-data-packages.ts';
import { reportCliError } from './cli-error.ts';
import { createProgram } from './create-program.ts';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportCliError(error);
}

// npm start: runs the product from its TypeScript sources. It never installs anything:
// when something is missing it says what, and how to get it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}/node_modules/tsx`)) {
  process.stderr.write('The npm packages are not installed: run `npm ci` first (or ./demo.sh, which also installs Redis and PowerShell).\n');
  process.exit(2);
}
process.chdir(root);
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');

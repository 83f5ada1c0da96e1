// Regenerates src/theme/fluent-theme.css after a Fluent UI upgrade:
//   npx tsx packages/ui/scripts/generate-theme-css.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createThemeCss } from '../src/theme/theme-css.ts';

const target = fileURLToPath(new URL('../src/theme/fluent-theme.css', import.meta.url));
writeFileSync(target, createThemeCss());
// Format as the lint step expects, so `biome check` stays green after regenerating.
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit' });
console.log(`wrote ${target}`);

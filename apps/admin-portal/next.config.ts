import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack must see packages/* (consumed as TypeScript source) and the
// hoisted node_modules, and output tracing must collect files from there.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Internal packages ship TypeScript (with `.ts` import specifiers); Next compiles them.
  transpilePackages: ['@cloudpc/ui', '@cloudpc/api-client', '@cloudpc/backend', '@cloudpc/portal-auth'],
  // Node-only SDKs stay plain `require`s on the server instead of being bundled.
  serverExternalPackages: ['@azure/cosmos', '@azure/storage-queue', '@azure/msal-node', 'pino'],
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
};

export default config;

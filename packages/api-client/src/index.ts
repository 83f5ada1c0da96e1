export * from './contracts/health.ts';
export * from './endpoint.ts';

export * from './errors/app-error.ts';
export * from './errors/http-errors.ts';

// Next.js-only entry (`@cloudpc/ui/next`): keeps `next` out of the main entry, which
// view tests and any non-Next consumer import.
export { FluentAppRouterProvider, type FluentAppRouterProviderProps } from './fluent-app-router-provider.tsx';

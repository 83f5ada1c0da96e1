import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../client.ts';
import * as diagnostics from './diagnostics.ts';

/**
 * Query factories for the diagnostics pages, kept beside their contract (the shared
 * queries.ts stays as it is). Diagnostics refresh on a timer while a page is open, so
 * `refetchInterval` is part of each option set.
 */
export const DIAGNOSTICS_REFRESH_MS = 30_000;

export const diagnosticsKeys = {
  all: ['diagnostics'] as const,
  serviceHealth: (hours: number) => ['diagnostics', 'serviceHealth', hours] as const,
  pipeline: (hours: number) => ['diagnostics', 'pipeline', hours] as const,
  connectionQuality: (hours: number) => ['diagnostics', 'connectionQuality', hours] as const,
  unavailable: ['diagnostics', 'unavailable'] as const,
  cloudPcTimeline: (id: string, days: number) => ['diagnostics', 'timeline', 'cloudPc', id, days] as const,
  userTimeline: (id: string, days: number) => ['diagnostics', 'timeline', 'user', id, days] as const,
  alerts: ['diagnostics', 'alerts'] as const,
};

export function createDiagnosticsQueries(api: ApiClient) {
  return {
    serviceHealth: (hours = 6) =>
      queryOptions({
        queryKey: diagnosticsKeys.serviceHealth(hours),
        refetchInterval: DIAGNOSTICS_REFRESH_MS,
        queryFn: async ({ signal }) =>
          (await api.call(diagnostics.getServiceHealth, { query: { hours }, signal })).data,
      }),
    pipeline: (hours = 24) =>
      queryOptions({
        queryKey: diagnosticsKeys.pipeline(hours),
        refetchInterval: DIAGNOSTICS_REFRESH_MS,
        queryFn: async ({ signal }) =>
          (await api.call(diagnostics.getPipeline, { query: { hours }, signal })).data,
      }),
    connectionQuality: (hours = 24) =>
      queryOptions({
        queryKey: diagnosticsKeys.connectionQuality(hours),
        refetchInterval: DIAGNOSTICS_REFRESH_MS,
        queryFn: async ({ signal }) =>
          (await api.call(diagnostics.getConnectionQuality, { query: { hours }, signal })).data,
      }),
    unavailableCloudPcs: () =>
      queryOptions({
        queryKey: diagnosticsKeys.unavailable,
        refetchInterval: DIAGNOSTICS_REFRESH_MS,
        queryFn: async ({ signal }) => (await api.call(diagnostics.listUnavailableCloudPcs, { signal })).data,
      }),
    cloudPcTimeline: (id: string, days = 7) =>
      queryOptions({
        queryKey: diagnosticsKeys.cloudPcTimeline(id, days),
        queryFn: async ({ signal }) =>
          (await api.call(diagnostics.getCloudPcTimeline, { params: { id }, query: { days }, signal })).data,
      }),
    userTimeline: (id: string, days = 7) =>
      queryOptions({
        queryKey: diagnosticsKeys.userTimeline(id, days),
        queryFn: async ({ signal }) =>
          (await api.call(diagnostics.getUserTimeline, { params: { id }, query: { days }, signal })).data,
      }),
    alerts: () =>
      queryOptions({
        queryKey: diagnosticsKeys.alerts,
        refetchInterval: DIAGNOSTICS_REFRESH_MS,
        queryFn: async ({ signal }) => (await api.call(diagnostics.listAlerts, { signal })).data.value,
      }),
  };
}

export function createDiagnosticsMutations(api: ApiClient, queryClient: QueryClient) {
  return {
    acknowledgeAlert: {
      mutationFn: async (id: string) =>
        (await api.call(diagnostics.acknowledgeAlert, { params: { id } })).data,
      onSuccess: () => queryClient.invalidateQueries({ queryKey: diagnosticsKeys.alerts }),
    },
  };
}

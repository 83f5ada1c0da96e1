import { describe, expect, it } from 'vitest';
import {
  filterExpression,
  isBusy,
  listQuery,
  NO_FILTERS,
  skipTokenOf,
  unavailableReason,
} from './cloud-pc-model.ts';

const label = (status: string) => status;

describe('cloud PC list model', () => {
  it('builds $filter from the filters set, quoting values', () => {
    expect(filterExpression(NO_FILTERS)).toBeUndefined();
    expect(
      filterExpression({
        status: 'failed',
        regionName: 'eastus',
        userPrincipalName: " o'brien@contoso.test ",
        provisioningPolicyId: '',
        search: '',
      }),
    ).toBe("status eq 'failed' and regionName eq 'eastus' and userPrincipalName eq 'o''brien@contoso.test'");
  });

  it('builds the list query with sort and the next page token', () => {
    expect(
      listQuery({
        filters: NO_FILTERS,
        sort: { column: 'status', direction: 'descending' },
        pageSize: 50,
        skipToken: 'abc',
      }),
    ).toEqual({ $top: 50, $orderby: 'status desc', $skiptoken: 'abc' });
  });

  it('filters by policy and searches free text on the server', () => {
    expect(
      listQuery({
        filters: { ...NO_FILTERS, provisioningPolicyId: 'p-1', search: '  adele ' },
        sort: { column: 'displayName', direction: 'ascending' },
        pageSize: 50,
      }),
    ).toEqual({
      $top: 50,
      $orderby: 'displayName asc',
      $filter: "provisioningPolicyId eq 'p-1'",
      $search: 'adele',
    });
  });

  it('reads the skip token from absolute and relative next links', () => {
    expect(skipTokenOf('http://x/api/v1.0/a?$top=5&$skiptoken=t%3D1')).toBe('t=1');
    expect(skipTokenOf('/api?$skiptoken=z')).toBe('z');
    expect(skipTokenOf(undefined)).toBeUndefined();
  });

  it('is busy while a status is transitional or an action is pending or active', () => {
    expect(isBusy({ status: 'provisioning', lastRemoteActionResult: null })).toBe(true);
    expect(isBusy({ status: 'provisioned', lastRemoteActionResult: null })).toBe(false);
    const result = {
      actionName: 'reboot',
      actionState: 'active' as const,
      startDateTime: '',
      lastUpdatedDateTime: '',
      statusDetail: null,
    };
    expect(isBusy({ status: 'provisioned', lastRemoteActionResult: result })).toBe(true);
    expect(
      isBusy({ status: 'provisioned', lastRemoteActionResult: { ...result, actionState: 'done' } }),
    ).toBe(false);
  });

  it('explains why an action is unavailable', () => {
    expect(unavailableReason({ status: 'provisioned', lastRemoteActionResult: null }, 'reboot', label)).toBe(
      undefined,
    );
    expect(unavailableReason({ status: 'failed', lastRemoteActionResult: null }, 'reboot', label)).toBe(
      'Not available while the Cloud PC is failed.',
    );
  });
});

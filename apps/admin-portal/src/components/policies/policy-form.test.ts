import { ApiError } from '@cloudpc/api-client';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_POLICY,
  errorsOfStep,
  namingPreview,
  parseGroupIds,
  serverFieldErrors,
  validatePolicy,
} from './policy-form.ts';

describe('policy form', () => {
  it('checks every field the way the API does', () => {
    const errors = validatePolicy({ ...EMPTY_POLICY, namingTemplate: 'CPC-%RAND:2%', groupIds: 'sales' });
    expect(errors).toEqual({
      displayName: 'Enter a name.',
      regionName: 'Choose a region.',
      imageId: 'Choose an image.',
      namingTemplate: expect.stringContaining('RAND'),
      groupIds: 'Not a group object id (GUID): sales',
    });
    expect(Object.keys(errorsOfStep(errors, 'general'))).toEqual(['displayName']);
  });

  it('previews a device name, or nothing for an invalid template', () => {
    expect(namingPreview('CPC-%USERNAME:5%-%RAND:5%')).toMatch(/^CPC-ADELE-[A-Z0-9]{5}$/);
    expect(namingPreview('bad template')).toBeUndefined();
  });

  it('reads group ids from lines and commas, once each', () => {
    expect(parseGroupIds(' a\nb, a ;c ')).toEqual(['a', 'b', 'c']);
  });

  it('maps server field errors to the form fields', () => {
    const error = new ApiError({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid',
      details: [
        { target: 'domainJoinConfigurations[0].regionName', message: 'Region is not available.' },
        { target: 'cloudPcNamingTemplate', message: 'Too long.' },
      ],
    });
    expect(serverFieldErrors(error)).toEqual({
      regionName: 'Region is not available.',
      namingTemplate: 'Too long.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError, basic, withQuery } from './client';
import { formErrors } from './forms';

describe('formErrors', () => {
  it('puts a field error next to the field its code names, in the server words', () => {
    const error = new ApiError(400, 'invalid_username', 'A username has 3 to 32 characters.');
    expect(formErrors(error, ['username', 'password'])).toEqual({
      fields: { username: 'A username has 3 to 32 characters.' },
    });
  });

  it('uses aliases for codes that name no field', () => {
    const error = new ApiError(409, 'user_exists', 'alice already exists.');
    expect(formErrors(error, ['username'], { user_exists: 'username' }).fields.username).toBe('alice already exists.');
  });

  it('keeps errors about other fields, or none, for the whole form', () => {
    expect(formErrors(new ApiError(400, 'invalid_csr', 'Bad CSR.'), ['username'])).toEqual({
      fields: {},
      general: 'Bad CSR.',
    });
    expect(formErrors(new ApiError(503, 'database_unavailable', 'Down.'), ['username']).general).toBe('Down.');
    expect(formErrors(new Error('plain'), []).general).toBe('plain');
  });
});

describe('client helpers', () => {
  it('encodes Basic credentials as UTF-8', () => {
    expect(basic({ username: 'zoé', password: 'p:w' })).toBe(`Basic ${btoa('zo\u00c3\u00a9:p:w')}`);
  });

  it('leaves empty query values out', () => {
    expect(withQuery('/api/audit/events', { user: 'alice', type: '', page: 0, actor: undefined }))
      .toBe('/api/audit/events?user=alice&page=0');
    expect(withQuery('/x', {})).toBe('/x');
  });
});

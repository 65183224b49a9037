import { describe, expect, it } from 'vitest';
import * as cases from '../../contracts/cases.js';
import * as identity from '../../contracts/identity.js';
import { buckets, roles } from './domain.js';

describe('value lists mirrored from contracts', () => {
  it('match the contracts exactly, in order', () => {
    expect([...roles]).toEqual([...identity.roles]);
    expect([...buckets]).toEqual([...cases.buckets]);
  });
});

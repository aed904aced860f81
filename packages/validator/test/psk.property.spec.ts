// Property-based tests of the pre-shared key's length and alphabet, and of
// the rule that no error message ever contains the key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateIpsecSiteConnectionCreate as create } from '../src/index.js';
import { seedWith } from './support/bodies.js';

const ALLOWED = [
  ...'0123456789',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'~`!@#$%^()-_+=[]{}|\\,./:;',
];
const allowedChar = fc.constantFrom(...ALLOWED);
const forbiddenChar = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
  .filter((char) => !ALLOWED.includes(char));
const keyOf = (min: number, max: number) =>
  fc.array(allowedChar, { minLength: min, maxLength: max }).map((a) => a.join(''));

const PATTERN_MESSAGE =
  'Invalid input for psk. Reason: may contain only digits, letters and the special characters ~ ` ! @ # $ % ^ ( ) - _ + = [ ] { } | \\ , . / : ;.';
const FIXED_MESSAGES = new Set([
  'Invalid input for psk. Reason: must be at least 6 characters long.',
  'Invalid input for psk. Reason: must be at most 128 characters long.',
  PATTERN_MESSAGE,
  'Invalid input for psk. Reason: must be a string.',
]);

describe('the pre-shared key', () => {
  it('accepts every key of 6 to 128 allowed characters', () => {
    fc.assert(
      fc.property(keyOf(6, 128), (psk) => {
        const result = create(seedWith({ psk }));
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('refuses keys shorter than 6 or longer than 128 characters', () => {
    fc.assert(
      fc.property(fc.oneof(keyOf(0, 5), keyOf(129, 300)), (psk) => {
        const result = create(seedWith({ psk }));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.field).toBe('psk');
      }),
    );
  });

  it('refuses a key with any character outside the allowed set, wherever it stands', () => {
    fc.assert(
      fc.property(keyOf(3, 60), forbiddenChar, keyOf(3, 60), (before, bad, after) => {
        const result = create(seedWith({ psk: `${before}${bad}${after}` }));
        expect(result.ok ? 'accepted' : result.error.message).toBe(PATTERN_MESSAGE);
      }),
    );
  });

  it.each(['secret?', 'with space', 'a*b*c*d', 'less<than', "quote'd", 'amp&ersand'])(
    'refuses %j with the allowed set named',
    (psk) => {
      const result = create(seedWith({ psk }));
      expect(result.ok ? 'accepted' : result.error).toEqual({
        status: 400,
        type: 'HTTPBadRequest',
        message: PATTERN_MESSAGE,
        field: 'psk',
      });
    },
  );

  it('never puts the key into an error message, whatever is wrong', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.constant(null)), (psk) => {
        const result = create(seedWith({ psk }));
        if (!result.ok)
          expect(FIXED_MESSAGES, `message for ${JSON.stringify(psk)}`).toContain(result.error.message);
      }),
    );
  });
});

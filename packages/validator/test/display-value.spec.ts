// How a refused value is quoted in an error message: literally what a user reads.
import { describe, expect, it } from 'vitest';
import { displayValue, pythonText } from '../src/request/display-value.js';

describe('displayValue', () => {
  it('quotes strings as upstream does and cuts long ones at 60 characters', () => {
    expect(displayValue('abc')).toBe("'abc'");
    expect(displayValue('')).toBe("''");
    expect(displayValue('x'.repeat(60))).toBe(`'${'x'.repeat(60)}'`);
    expect(displayValue('x'.repeat(61))).toBe(`'${'x'.repeat(60)}…'`);
  });

  it('writes other scalars as JSON', () => {
    expect(displayValue(5)).toBe('5');
    expect(displayValue(1.5)).toBe('1.5');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(false)).toBe('false');
    expect(displayValue(undefined)).toBe('undefined');
  });

  it('writes at most 8 items of a list and 8 entries of an object', () => {
    expect(displayValue([0, 1, 2, 3, 4, 5, 6, 7])).toBe('[0,1,2,3,4,5,6,7]');
    expect(displayValue([0, 1, 2, 3, 4, 5, 6, 7, 8])).toBe('[0,1,2,3,4,5,6,7,…]');
    expect(displayValue([])).toBe('[]');
    expect(displayValue({})).toBe('{}');
    expect(displayValue({ a: 1, b: 'x' })).toBe('{"a":1,"b":"x"}');
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]));
    expect(displayValue(nine)).toBe('{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,…}');
  });

  it('shows structure four levels deep and no deeper, however deep the value', () => {
    expect(displayValue([[[[1]]]])).toBe('[[[[1]]]]');
    expect(displayValue([[[[[1]]]]])).toBe('[[[[…]]]]');
    expect(displayValue({ a: { b: { c: { d: 1 } } } })).toBe('{"a":{"b":{"c":{"d":1}}}}');
    expect(displayValue({ a: { b: { c: { d: { e: 1 } } } } })).toBe('{"a":{"b":{"c":{"d":…}}}}');
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(displayValue(deep)).toBe('[[[[…]]]]');
  });

  it('cuts long JSON at 60 characters, unquoted', () => {
    const shown = displayValue(['a'.repeat(70)]);
    expect(shown).toBe(`["${'a'.repeat(58)}…`);
  });
});

describe('pythonText', () => {
  it('writes a value as upstream’s %s does: strings bare, Python’s None, True and False', () => {
    expect(pythonText('abc')).toBe('abc');
    expect(pythonText(59)).toBe('59');
    expect(pythonText(null)).toBe('None');
    expect(pythonText(true)).toBe('True');
    expect(pythonText(false)).toBe('False');
    expect(pythonText(['a'])).toBe('["a"]');
    expect(pythonText('x'.repeat(61))).toBe(`${'x'.repeat(60)}…`);
  });
});

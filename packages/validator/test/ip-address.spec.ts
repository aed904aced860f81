import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpv4, parseIpv6 } from '../src/index.js';

describe('IP address parsing', () => {
  it.each(['0.0.0.0', '10.0.0.1', '255.255.255.255'])('accepts IPv4 %s', (address) => {
    expect(parseIpv4(address)).toHaveLength(4);
  });

  it.each(['', '10.0.0', '10.0.0.0.1', '256.0.0.1', '01.2.3.4', '1.2.3.a', ' 1.2.3.4', '1..3.4'])(
    'refuses IPv4 %j',
    (address) => {
      expect(parseIpv4(address)).toBeUndefined();
    },
  );

  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['2001:db8::', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]],
    ['2001:DB8:0:0:8:800:200C:417A', [0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]],
    ['::ffff:192.0.2.128', [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0280]],
  ])('parses IPv6 %s', (address, groups) => {
    expect(parseIpv6(address)).toEqual(groups);
  });

  it.each([
    '',
    ':',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    'g::',
    '::1.2.3',
  ])('refuses IPv6 %j', (address) => {
    expect(parseIpv6(address)).toBeUndefined();
  });
});

describe('CIDR parsing', () => {
  it.each([
    ['10.0.0.0/8', 4],
    ['0.0.0.0/0', 4],
    ['192.168.1.1/32', 4],
    ['2001:db8::/32', 6],
    ['::/0', 6],
    ['2001:db8::1/128', 6],
  ])('accepts %s as IPv%i', (cidr, version) => {
    expect(parseCidr(cidr)).toEqual({ ok: true, version, network: cidr });
  });

  it.each([
    ['10.0.0.0', 'has no prefix length (expected <address>/<prefix>)'],
    ['10.0.0.0/', 'is not a valid CIDR: the prefix length must be 0 to 32 for IPv4'],
    ['10.0.0.0/-1', 'is not a valid CIDR: the prefix length must be 0 to 32 for IPv4'],
    ['2001:db8::/129', 'is not a valid CIDR: the prefix length must be 0 to 128 for IPv6'],
    ['10.1.2.3/16', "is not a valid CIDR: it has host bits set (the network is '10.1.0.0/16')"],
    ['2001:db8:0:0:1::/32', "is not a valid CIDR: it has host bits set (the network is '2001:db8::/32')"],
    ['10.0.0.0/8/8', 'is not a valid CIDR: the prefix length must be 0 to 32 for IPv4'],
  ])('refuses %s', (cidr, reason) => {
    expect(parseCidr(cidr)).toEqual({ ok: false, reason });
  });
});

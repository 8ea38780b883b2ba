// "Where and on what" for the sign-in history, coarse on purpose: the browser family and the
// operating system (never the full user-agent string), and the network, not the address.

const BROWSERS: readonly [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/CocCoc|coc_coc/i, 'Cốc Cốc'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Zalo/i, 'Zalo'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

const first = (table: readonly [RegExp, string][], value: string) =>
  table.find(([pattern]) => pattern.test(value))?.[1];

/** "Chrome on Android"-like, as `Chrome · Android`; undefined when nothing is recognised. */
export function coarseDevice(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const parts = [first(BROWSERS, userAgent), first(SYSTEMS, userAgent)].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The network an address belongs to: 203.113.x.x for IPv4, the /48 prefix for IPv6. */
export function approximateNetwork(ip: string | null | undefined): string | undefined {
  if (!ip) return undefined;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.x.x`;
  if (ip.includes(':')) {
    const groups = ip.split(':').filter(Boolean).slice(0, 3);
    return `${groups.join(':')}::/48`;
  }
  return undefined;
}

// language_type (2004 RTE §4.1.1.7: RFC 3066 tags over ISO 639 / ISO 3166-1 codes), checked
// against registered codes, not syntax alone (digest A-26: `exg`, `frl`, `sp`, `ruq-JM` are 406).

// The code lists come from the JavaScript engine's CLDR data (Intl.DisplayNames, in every
// browser and in Node): it knows every ISO 639-1 code, the ISO 639-2 B/T codes and every
// ISO 3166-1 region, so this module ships no 2,000-entry table of its own. Made on the first
// tag checked: loading the CLDR names takes tens of milliseconds, which every player launch
// paid while loading its bundle, and most SCOs never set a language.
let names: { languages: Intl.DisplayNames; regions: Intl.DisplayNames } | null = null;
const cldr = () =>
  (names ??= {
    languages: new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }),
    regions: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }),
  });

/**
 * ISO 639-2 collective and special codes that CLDR does not name (found by running the CTS
 * `{lang=}` cases of DMI.properties against CLDR); `qaa`–`qtz` are reserved for local use.
 */
const ISO_639_2_EXTRA = new Set(
  ('afa alg apa art ath aus bad bai bat ber bnt btk cai cau cel cmc cpe cpf cpp crp cus day dra ' +
    'fiu gem him ijo inc ine ira iro kar khi kro map mis mkh mno mul mun myn nah nai nic nub oto ' +
    'paa phi pra roa sai sal sem sgn sio sit sla smi son ssa tai tup tut und wak wen ypk znd zxx')
    .split(' '),
);
const LOCAL_USE = /^q[a-t][a-z]$/;
/** The IANA-registered `i-` tags of RFC 3066 §2.2 (CTS DMI uses several). */
const IANA_I = new Set(
  'i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo i-pwn i-tao i-tay i-tsu'.split(' '),
);
const SUBTAG = /^[A-Za-z0-9]{1,8}$/;
const ALPHA = /^[A-Za-z]+$/;

function knownLanguage(code: string): boolean {
  if (ISO_639_2_EXTRA.has(code) || LOCAL_USE.test(code)) return true;
  try {
    return cldr().languages.of(code) !== undefined;
  } catch {
    return false;
  }
}

function knownRegion(code: string): boolean {
  try {
    return cldr().regions.of(code) !== undefined;
  } catch {
    return false;
  }
}

function check(tag: string): boolean {
  if (tag.length === 0 || tag.length > 250) return false;
  const subtags = tag.split('-');
  for (const s of subtags) if (!SUBTAG.test(s)) return false;
  const primary = subtags[0]!.toLowerCase();
  if (primary === 'x') return subtags.length > 1; // RFC 3066 private use
  if (primary === 'i') return IANA_I.has(tag.toLowerCase());
  if (primary.length < 2 || primary.length > 3 || !ALPHA.test(primary)) return false;
  if (!knownLanguage(primary)) return false;
  const second = subtags[1];
  // RFC 3066 §2.2: a 2-letter second subtag is an ISO 3166 country code.
  if (second !== undefined && second.length === 2) return ALPHA.test(second) && knownRegion(second.toUpperCase());
  return true;
}

const cache = new Map<string, boolean>();

/** True when `tag` is a language_type; results are memoised (a SCO reuses a handful of tags). */
export function isLanguageTag(tag: string): boolean {
  let known = cache.get(tag);
  if (known === undefined) {
    known = check(tag);
    if (cache.size > 1000) cache.clear();
    cache.set(tag, known);
  }
  return known;
}

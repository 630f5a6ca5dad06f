import * as v from "valibot";
import { localDay } from "./dates";
import type { MessageCode } from "./problem";
import { code } from "./validate";

/** Province-of-birth codes used as the first three digits of a CCCD (Thông tư 59/2021/TT-BCA, 63 pre-2025 provinces). */
const CCCD_PROVINCE_CODES = new Set(
  "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split(
    " ",
  ),
);

/**
 * Checks a 12-digit citizen ID (CCCD): a known province code, then a century-and-sex digit (0/1 → 1900s,
 * 2/3 → 2000s, …) and two digits of the birth year, which cannot lie in the future.
 */
export function citizenIdError(value: string, today = localDay()): MessageCode | null {
  if (!/^\d{12}$/.test(value)) return "contact.citizen_id_format";
  if (!CCCD_PROVINCE_CODES.has(value.slice(0, 3))) return "contact.citizen_id_province";
  const century = 1900 + Math.floor(Number(value[3]) / 2) * 100;
  const birthYear = century + Number(value.slice(4, 6));
  if (birthYear > Number(today.slice(0, 4))) return "contact.citizen_id_birth_year";
  return null;
}

export const citizenIdSchema = v.pipe(
  v.string(),
  v.transform((value) => value.replace(/\s+/g, "")),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const error = citizenIdError(dataset.value);
    if (error) addIssue({ message: error });
  }),
);

/** Vietnamese phone: 10 digits from 0 (mobiles 03/05/07/08/09, landlines 02x) or +84 without the 0; stored as 0 and nine digits. */
export const phoneSchema = v.pipe(
  v.string(),
  v.transform((value) => value.replace(/[\s.()-]/g, "")),
  v.regex(/^(0|\+84)[235789]\d{8}$/, code("contact.phone_format")),
  v.transform((value) => (value.startsWith("+84") ? `0${value.slice(3)}` : value)),
);

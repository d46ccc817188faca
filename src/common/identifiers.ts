/** RNA: "W" then 9 characters, the 2nd and 3rd being the département (2A/2B in Corsica). */
const RNA = /^W[0-9][0-9AB][0-9]{7}$/;

export const isRna = (value: string): boolean => RNA.test(value);

/** SIREN: 9 digits whose Luhn checksum is 0 (INSEE's control key). */
export function isValidSiren(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(value[8 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

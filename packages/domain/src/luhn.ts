// The Luhn (modulus 10) check digit, as specified in ISO/IEC 7812-1 annex B. Skatteverket (Rättslig
// vägledning on FOL 18 §: "modulus-10-metoden med vikterna 1 och 2") weights the nine personnummer digits
// 2,1,2,… from the left; Bankgirot's OCR references weight 2,1 from the right (the digit beside the check
// digit gets 2). Counting from the right is the general form and agrees with Skatteverket for odd-length
// payloads, so one function serves both.

const DIGITS = /^\d+$/;

export function luhnCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new RangeError(`luhnCheckDigit needs digits only, got "${digits}"`);
  let sum = 0;
  let double = true;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = Number(digits[i]) * (double ? 2 : 1);
    sum += product > 9 ? product - 9 : product; // the digit sum of a product 10–18
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidLuhn(digitsWithCheck: string): boolean {
  if (digitsWithCheck.length < 2 || !DIGITS.test(digitsWithCheck)) return false;
  return luhnCheckDigit(digitsWithCheck.slice(0, -1)) === Number(digitsWithCheck.slice(-1));
}

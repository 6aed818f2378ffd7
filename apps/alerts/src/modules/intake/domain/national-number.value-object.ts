/**
 * Belgian national register number (NISS / INSZ): 11 digits, YYMMDD + serial + a mod-97
 * check. People born from 2000 on are checked with a leading "2". Bis numbers (month + 20
 * or + 40) follow the same rule.
 */
export class NationalNumber {
  private constructor(readonly digits: string) {}

  static parse(input: string): NationalNumber | undefined {
    const digits = input.replace(/[\s.-]/g, '');
    if (!/^\d{11}$/.test(digits)) {
      return undefined;
    }
    const body = digits.slice(0, 9);
    const check = Number(digits.slice(9));
    const before2000 = 97 - (Number(body) % 97);
    const from2000 = 97 - (Number(`2${body}`) % 97);
    if (check !== before2000 && check !== from2000) {
      return undefined;
    }
    const month = Number(digits.slice(2, 4)) % 20;
    const day = Number(digits.slice(4, 6));
    // Month or day 00 is allowed: it is issued when the birth date is not fully known.
    if (month > 12 || day > 31) {
      return undefined;
    }
    return new NationalNumber(digits);
  }

  static isValid(input: string): boolean {
    return NationalNumber.parse(input) !== undefined;
  }
}

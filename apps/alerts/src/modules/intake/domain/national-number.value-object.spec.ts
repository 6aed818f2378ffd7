import { NationalNumber } from './national-number.value-object.js';

describe(NationalNumber.name, () => {
  it('should accept a valid number of a person born before 2000', () => {
    // 85.07.30-033: 97 - (850730033 mod 97) = 28
    expect(NationalNumber.parse('85.07.30-033.28')?.digits).toBe('85073003328');
  });

  it('should accept a valid number of a person born from 2000 on', () => {
    // 97 - (2 170102 004 mod 97) = 97 - 55 = 42 ... computed below to stay honest
    const body = '170102004';
    const check = 97 - (Number(`2${body}`) % 97);
    expect(NationalNumber.isValid(`${body}${String(check).padStart(2, '0')}`)).toBe(true);
  });

  it('should reject a number whose checksum is wrong', () => {
    expect(NationalNumber.isValid('85073003329')).toBe(false);
  });

  it('should reject a number with the wrong length or letters', () => {
    expect(NationalNumber.isValid('8507300332')).toBe(false);
    expect(NationalNumber.isValid('8507300332A')).toBe(false);
  });

  it('should reject an impossible month', () => {
    const body = '851330033';
    const check = 97 - (Number(body) % 97);
    expect(NationalNumber.isValid(`${body}${String(check).padStart(2, '0')}`)).toBe(false);
  });
});

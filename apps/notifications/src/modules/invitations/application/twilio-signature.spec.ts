import { twilioSignature, twilioStatusCallbackUrl, verifyTwilioSignature } from './twilio-signature.js';

// The example of Twilio's request-validation documentation and helper-library tests.
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};

describe('Twilio request signatures', () => {
  it("should compute Twilio's published example signature", () => {
    expect(twilioSignature('12345', URL, PARAMS)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('should accept only the signature of the same token, URL and parameters', () => {
    expect(verifyTwilioSignature('12345', URL, PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
    expect(verifyTwilioSignature('12346', URL, PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    expect(verifyTwilioSignature('12345', `${URL}&x=1`, PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    expect(verifyTwilioSignature('12345', URL, { ...PARAMS, Digits: '1235' }, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(
      false,
    );
    expect(verifyTwilioSignature('12345', URL, PARAMS, undefined)).toBe(false);
    expect(verifyTwilioSignature('12345', URL, PARAMS, 'short')).toBe(false);
  });

  it('should post reports to the public edge', () => {
    expect(twilioStatusCallbackUrl('https://concerto.example.be/')).toBe(
      'https://concerto.example.be/v1/delivery-reports/twilio',
    );
  });
});

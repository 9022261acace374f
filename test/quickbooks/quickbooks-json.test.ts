import { describe, expect, it } from 'vitest';
import { readQuickBooksFault } from '../../adapters/quickbooks/quickbooks-errors';
import { parseExactJson, plainDecimal } from '../../adapters/quickbooks/quickbooks-json';

describe('quickbooks amounts', () => {
  it('keeps every number of a body as the text QuickBooks wrote, strings and escapes untouched', () => {
    const body = '{"TotalAmt": 12345678901234567.89, "Balance":0.1, "DocNumber":"10\\"01", "Note":"-5 and 1e3", "Line":[{"Amount":-0.50}], "ok":true, "n":null, "e":1.5E+2}';
    expect(parseExactJson(body)).toEqual({ TotalAmt: '12345678901234567.89', Balance: '0.1', DocNumber: '10"01', Note: '-5 and 1e3', Line: [{ Amount: '-0.50' }], ok: true, n: null, e: '1.5E+2' });
  });

  it('writes a number literal as a plain decimal without changing its value', () => {
    expect(['150.0', '12.340', '12.345', '1200', '0.00', '-0.50', '-0', '1.2345e2', '5E-3', '007.10', 'abc'].map(plainDecimal)).toEqual(['150', '12.34', '12.345', '1200', '0', '-0.5', '0', '123.45', '0.005', '7.1', 'abc']);
  });
});

describe('quickbooks faults', () => {
  it('reads the three shapes QuickBooks answers errors in', () => {
    expect(readQuickBooksFault('{"Fault":{"Error":[{"Message":"Error parsing query","Detail":"QueryParserError","code":"4000"}],"type":"ValidationFault"},"time":"2026-11-01T00:00:00-08:00"}')).toEqual({ code: '4000', message: 'Error parsing query', detail: 'QueryParserError', type: 'ValidationFault' });
    expect(readQuickBooksFault('{"fault":{"error":[{"message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","detail":"Token expired","code":"3200","element":null}],"type":"AUTHENTICATION"},"time":1589219838349}')).toMatchObject({ code: '3200', detail: 'Token expired', type: 'AUTHENTICATION' });
    expect(readQuickBooksFault('<?xml version="1.0"?><IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.</Detail></Error></Fault></IntuitResponse>')).toEqual({ code: '3001', message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', detail: 'The request limit was reached.', type: 'SERVICE' });
    expect(readQuickBooksFault('<html>Bad gateway</html>')).toBeNull();
  });
});

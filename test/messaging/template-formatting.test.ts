import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryChannel, ValidationError, formatDate, formatMoney, type TemplateDefinition } from 'tickler';
import { harness } from '../support/harness';

/**
 * ICU separates digits and symbols with U+00A0 (no-break space) and, in French, groups
 * digits with U+202F (narrow no-break space). The expected strings below are written
 * with plain spaces and compared through `plain`, which maps both to U+0020; everything
 * else (apostrophes, the full-width yen) is compared exactly. The strings are CLDR's as
 * shipped with Node 20's ICU.
 */
const plain = (text: string | null): string | null => (text === null ? null : text.replace(/[\u00a0\u202f]/g, ' '));

const MAX = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991
const MIN = Number.MIN_SAFE_INTEGER;

describe('formatMoney: integer minor units, exact, in the reader locale', () => {
  it.each([
    [123456789, 'EUR', 'fr-FR', '1 234 567,89 €'],
    [123456789, 'EUR', 'de-DE', '1.234.567,89 €'],
    [123456789, 'EUR', 'en-US', '€1,234,567.89'],
    [123456789, 'EUR', 'en-GB', '€1,234,567.89'],
    [123456789, 'EUR', 'nl-NL', '€ 1.234.567,89'],
    [123456789, 'EUR', 'es-ES', '1.234.567,89 €'],
    [123456789, 'EUR', 'ja-JP', '€1,234,567.89'],
    [123456, 'EUR', 'en-IE', '€1,234.56'],
    [-123456, 'EUR', 'fr-FR', '-1 234,56 €'],
    [-123456, 'EUR', 'nl-NL', '€ -1.234,56'],
    [-123456, 'EUR', 'es-ES', '-1234,56 €'], // Spanish groups only from five digits
    [0, 'EUR', 'de-DE', '0,00 €'],
    [-0, 'EUR', 'fr-FR', '0,00 €'],
    [-1, 'EUR', 'en-US', '-€0.01'],
    [5, 'EUR', 'fr-FR', '0,05 €'],
    [MAX, 'EUR', 'fr-FR', '90 071 992 547 409,91 €'],
    [123456, 'USD', 'en-US', '$1,234.56'],
    [123456, 'USD', 'en-GB', 'US$1,234.56'],
    [123456, 'USD', 'fr-FR', '1 234,56 $US'],
    [123456, 'USD', 'de-DE', '1.234,56 $'],
    [123456, 'USD', 'nl-NL', 'US$ 1.234,56'],
    [123456, 'USD', 'es-ES', '1234,56 US$'],
    [123456, 'USD', 'ja-JP', '$1,234.56'],
    [-123456, 'USD', 'en-US', '-$1,234.56'],
    [MAX, 'USD', 'en-US', '$90,071,992,547,409.91'],
    [MIN, 'USD', 'en-US', '-$90,071,992,547,409.91'],
    [123456, 'GBP', 'en-GB', '£1,234.56'],
    [123456, 'GBP', 'fr-FR', '1 234,56 £GB'],
    [123456, 'GBP', 'de-DE', '1.234,56 £'],
    [123456, 'GBP', 'es-ES', '1234,56 GBP'],
    [-99, 'GBP', 'en-GB', '-£0.99'],
    [123456, 'JPY', 'ja-JP', '￥123,456'],
    [123456, 'JPY', 'en-US', '¥123,456'],
    [123456, 'JPY', 'en-GB', 'JP¥123,456'],
    [123456, 'JPY', 'fr-FR', '123 456 JPY'],
    [123456, 'JPY', 'de-DE', '123.456 ¥'],
    [123456, 'JPY', 'nl-NL', 'JP¥ 123.456'],
    [0, 'JPY', 'en-US', '¥0'],
    [-1, 'JPY', 'ja-JP', '-￥1'],
    [MAX, 'JPY', 'ja-JP', '￥9,007,199,254,740,991'],
    [1234567, 'BHD', 'en-US', 'BHD 1,234.567'],
    [1234567, 'BHD', 'fr-FR', '1 234,567 BHD'],
    [1234567, 'BHD', 'de-DE', '1.234,567 BHD'],
    [-5, 'BHD', 'en-GB', '-BHD 0.005'],
    [0, 'BHD', 'nl-NL', 'BHD 0,000'],
    [MAX, 'BHD', 'de-DE', '9.007.199.254.740,991 BHD'],
    [123456, 'CHF', 'de-DE', '1.234,56 CHF'],
    [123456, 'CHF', 'fr-FR', '1 234,56 CHF'],
    [123456, 'CHF', 'en-US', 'CHF 1,234.56'],
    [123456, 'CHF', 'ja-JP', 'CHF 1,234.56'],
    [123456, 'CHF', 'es-ES', '1234,56 CHF'],
    [123456, 'CHF', 'de-CH', "CHF 1'234.56"], // Swiss German groups with an apostrophe
    [-123456, 'CHF', 'de-CH', "CHF-1'234.56"],
  ])('%d %s in %s is %s', (amount, currency, locale, expected) => {
    expect(plain(formatMoney(amount, currency, locale))).toBe(expected);
  });

  it('is exact beyond the safe integers with a bigint', () => {
    expect(formatMoney(123456789012345678901234567890n, 'EUR', 'en-US')).toBe('€1,234,567,890,123,456,789,012,345,678.90');
    expect(formatMoney(-(10n ** 30n) - 1n, 'JPY', 'en-US')).toBe('-¥1,000,000,000,000,000,000,000,000,000,001');
  });
});

describe('formatDate: presets and luxon formats in the reader zone and locale', () => {
  // 2026-11-23T23:30Z is already Tuesday in Tokyo and Kiritimati; 03:30Z is still Sunday in Los Angeles and Pago Pago.
  const lateMonday = '2026-11-23T23:30:00Z';
  const earlyMonday = new Date('2026-11-23T03:30:00Z');

  it.each([
    [lateMonday, 'full', 'ja-JP', 'Asia/Tokyo', '2026年11月24日火曜日'],
    [lateMonday, 'full', 'en-US', 'America/Los_Angeles', 'Monday, November 23, 2026'],
    [lateMonday, 'short', 'en-GB', 'Pacific/Kiritimati', '24/11/2026'],
    [lateMonday, 'datetime', 'en-US', 'America/New_York', 'Nov 23, 2026, 6:30 PM'],
    [lateMonday, 'datetime', 'ja-JP', 'Asia/Tokyo', '2026年11月24日 8:30'],
    [earlyMonday, 'full', 'en-US', 'America/Los_Angeles', 'Sunday, November 22, 2026'],
    [earlyMonday, 'full', 'fr-FR', 'Europe/Paris', 'lundi 23 novembre 2026'],
    [earlyMonday, 'full', 'de-DE', 'Europe/Berlin', 'Montag, 23. November 2026'],
    [earlyMonday, 'medium', 'de-DE', 'Europe/Berlin', '23. Nov. 2026'],
    [earlyMonday, 'medium', 'fr-FR', 'Europe/Paris', '23 nov. 2026'],
    [earlyMonday, 'long', 'es-ES', 'Pacific/Pago_Pago', '22 de noviembre de 2026'],
    [earlyMonday, 'long', 'nl-NL', 'Europe/Amsterdam', '23 november 2026'],
    [earlyMonday, 'time', 'en-US', 'Asia/Kathmandu', '9:15 AM'],
    [earlyMonday, 'time', 'fr-FR', 'Europe/Paris', '04:30'],
    [earlyMonday, 'datetime', 'en-GB', 'Europe/London', '23 Nov 2026, 03:30'],
    [earlyMonday, 'datetime-long', 'fr-FR', 'Europe/Paris', 'lundi 23 novembre 2026 à 04:30'],
    [earlyMonday, 'datetime-long', 'de-DE', 'Europe/Berlin', 'Montag, 23. November 2026 um 04:30'],
    [earlyMonday, 'datetime-long', 'nl-NL', 'Europe/Amsterdam', 'maandag 23 november 2026 om 04:30'],
    [earlyMonday, 'datetime-long', 'en-US', 'America/Los_Angeles', 'Sunday, November 22, 2026 at 7:30 PM'],
    [earlyMonday, "cccc d LLLL yyyy 'à' HH:mm", 'fr-FR', 'Europe/Paris', 'lundi 23 novembre 2026 à 04:30'],
    [earlyMonday, 'EEE d MMM yyyy, h:mm a', 'en-GB', 'Europe/London', 'Mon 23 Nov 2026, 3:30 am'],
    [earlyMonday, "yyyy'年'M'月'd'日'(ccc) H:mm", 'ja-JP', 'Asia/Tokyo', '2026年11月23日(月) 12:30'],
    [earlyMonday, 'dd.MM.yyyy HH:mm ZZZZ', 'de-DE', 'Europe/Berlin', '23.11.2026 04:30 MEZ'],
    [earlyMonday, 'cccc d LLLL', 'es-ES', 'America/Los_Angeles', 'domingo 22 noviembre'],
    ['2026-11-23T03:30:00.000Z', 'yyyy-MM-dd HH:mm', 'en', 'Pacific/Pago_Pago', '2026-11-22 16:30'],
    ['2026-11-24T08:30:00+09:00', 'yyyy-MM-dd HH:mm', 'en', 'UTC', '2026-11-23 23:30'],
    [earlyMonday.getTime(), 'yyyy-MM-dd HH:mm', 'en', 'Asia/Kolkata', '2026-11-23 09:00'],
    // Calendar dates are that day in every zone.
    ['2026-11-23', 'full', 'fr-FR', 'Europe/Paris', 'lundi 23 novembre 2026'],
    ['2026-11-23', 'full', 'en-US', 'America/Los_Angeles', 'Monday, November 23, 2026'],
    ['2026-11-23', 'full', 'ja-JP', 'Pacific/Pago_Pago', '2026年11月23日月曜日'],
    ['2026-11-23', 'full', 'es-ES', 'Pacific/Kiritimati', 'lunes, 23 de noviembre de 2026'],
    ['2026-11-23', 'full', 'en-GB', 'Australia/Lord_Howe', 'Monday, 23 November 2026'],
    ['2026-11-23', 'short', 'fr-FR', 'Pacific/Kiritimati', '23/11/2026'],
    ['2026-11-23', 'short', 'de-DE', 'Pacific/Pago_Pago', '23.11.2026'],
    ['2026-11-23', 'short', 'en-US', 'Asia/Tokyo', '11/23/2026'],
    ['2026-11-23', 'short', 'en-GB', 'America/St_Johns', '23/11/2026'],
    ['2026-11-23', 'short', 'nl-NL', 'Pacific/Chatham', '23-11-2026'],
    ['2026-11-23', 'short', 'es-ES', 'America/Los_Angeles', '23/11/2026'],
    ['2026-11-23', 'short', 'ja-JP', 'Asia/Kathmandu', '2026/11/23'],
    ['2026-11-23', 'medium', 'en-US', 'Pacific/Kiritimati', 'Nov 23, 2026'],
    ['2026-11-23', 'long', 'nl-NL', 'Pacific/Pago_Pago', '23 november 2026'],
    ['2026-11-23', 'cccc d LLLL yyyy', 'de-DE', 'Pacific/Kiritimati', 'Montag 23 November 2026'],
    ['2026-11-23', 'yyyy-MM-dd', 'en', 'Pacific/Pago_Pago', '2026-11-23'],
    // DST days: the calendar date, and instants either side of the change.
    ['2026-03-29', 'full', 'fr-FR', 'Europe/Paris', 'dimanche 29 mars 2026'],
    ['2026-03-29T00:59:00Z', 'yyyy-MM-dd HH:mm ZZ', 'fr-FR', 'Europe/Paris', '2026-03-29 01:59 +01:00'],
    ['2026-03-29T01:00:00Z', 'yyyy-MM-dd HH:mm ZZ', 'fr-FR', 'Europe/Paris', '2026-03-29 03:00 +02:00'],
    ['2026-10-25T00:30:00Z', 'yyyy-MM-dd HH:mm ZZ', 'fr-FR', 'Europe/Paris', '2026-10-25 02:30 +02:00'],
    ['2026-10-25T01:30:00Z', 'yyyy-MM-dd HH:mm ZZ', 'fr-FR', 'Europe/Paris', '2026-10-25 02:30 +01:00'],
    ['2026-03-08T09:59:00Z', 'datetime', 'en-US', 'America/Los_Angeles', 'Mar 8, 2026, 1:59 AM'],
    ['2026-03-08T10:00:00Z', 'datetime', 'en-US', 'America/Los_Angeles', 'Mar 8, 2026, 3:00 AM'],
    ['2026-10-03T15:29:00Z', 'ccc HH:mm ZZ', 'en', 'Australia/Lord_Howe', 'Sun 01:59 +10:30'],
    ['2026-10-03T15:30:00Z', 'ccc HH:mm ZZ', 'en', 'Australia/Lord_Howe', 'Sun 02:30 +11:00'],
  ] as [unknown, string, string, string, string][])('%s %s %s %s → %s', (value, format, locale, zone, expected) => {
    expect(plain(formatDate(value, format, locale, zone))).toBe(expected);
  });

  it.each([['not a date'], ['2026-02-30'], ['2026-13-01'], [''], [null], [undefined], [{}], [true], [Number.NaN], [new Date(Number.NaN)]])('%j is not a date: null', (value) => {
    expect(formatDate(value, 'full', 'en-US', 'UTC')).toBeNull();
  });
});

describe('money and date through a rendered template', () => {
  const variants = {
    sms: { text: "{{ invoice.amountMinor | money: invoice.currency }} | {{ invoice | money }} | {{ invoice | money: 'USD' }} | {{ invoice.dueOn | date: 'full' }} | {{ now | date: 'datetime' }}" },
    email: { subject: 'Due {{ invoice.dueOn | date }}', html: '<p>{{ invoice | money }} by {{ invoice.dueOn | date: "full" }}</p>' },
  };
  // Formats follow the variant's language (fr-FR reads the fr variant in fr-FR formats); see
  // the fallback case below for a reader whose language the template lacks.
  const invoiceNotice: TemplateDefinition = { id: 'invoice-notice', variables: ['invoice'], locales: { en: variants, fr: variants, de: variants } };
  const invoice = { number: 'F-1', amountMinor: 123456, currency: 'EUR', dueOn: '2026-11-23' };

  async function setup() {
    const sms = new MemoryChannel({ kind: 'sms' });
    const email = new MemoryChannel({ kind: 'email' });
    // 05:00 UTC: Monday 06:00 in Paris, Sunday 21:00 in Los Angeles.
    const h = harness({ start: '2026-11-23T05:00:00Z', channels: [sms, email], templates: [invoiceNotice] });
    await h.admin.customers.upsert({ id: 'fr', name: 'Amélie', locale: 'fr-FR', timezone: 'Europe/Paris', phone: '+33612345678', email: 'amelie@example.fr' });
    await h.admin.customers.upsert({ id: 'us', name: 'Abe', locale: 'en-US', timezone: 'America/Los_Angeles', phone: '+14155550100', email: 'abe@example.com' });
    return { ...h, sms, email };
  }

  it('formats for each reader: the French customer in Paris, the American in Los Angeles (a calendar date does not move, now does)', async () => {
    const { admin, tickler, sms } = await setup();
    const preview = async (customerId: string) => plain((await admin.templates.preview({ template: 'invoice-notice', kind: 'sms', customerId, variables: { invoice } })).content.text);
    expect(await preview('fr')).toBe('1 234,56 € | 1 234,56 € | 1 234,56 $US | lundi 23 novembre 2026 | 23 nov. 2026, 06:00');
    expect(await preview('us')).toBe('€1,234.56 | €1,234.56 | $1,234.56 | Monday, November 23, 2026 | Nov 22, 2026, 9:00 PM');

    await admin.messages.send({ channel: 'sms', customerId: 'fr', template: 'invoice-notice', variables: { invoice } });
    await admin.messages.send({ channel: 'sms', customerId: 'us', template: 'invoice-notice', variables: { invoice } });
    await admin.messages.send({ channel: 'sms', customerId: 'us', template: 'invoice-notice', variables: { invoice }, locale: 'de-DE' });
    await tickler.runDue();
    expect(sms.deliveries.map((d) => [d.message.to[0]?.address, plain(d.message.text)]).sort()).toEqual([
      // A locale given to send changes the formats, not the zone.
      ['+14155550100', '1.234,56 € | 1.234,56 € | 1.234,56 $ | Montag, 23. November 2026 | 22. Nov. 2026, 21:00'],
      ['+14155550100', '€1,234.56 | €1,234.56 | $1,234.56 | Monday, November 23, 2026 | Nov 22, 2026, 9:00 PM'],
      ['+33612345678', '1 234,56 € | 1 234,56 € | 1 234,56 $US | lundi 23 novembre 2026 | 23 nov. 2026, 06:00'],
    ]);
  });

  it('a reader whose language the template lacks reads the fallback variant with its formats', async () => {
    const { admin } = await setup();
    await admin.customers.upsert({ id: 'br', name: 'Bia', locale: 'pt-BR', timezone: 'America/Sao_Paulo', phone: '+5511987654321' });
    const text = plain((await admin.templates.preview({ template: 'invoice-notice', kind: 'sms', customerId: 'br', variables: { invoice } })).content.text);
    expect(text).toBe('€1,234.56 | €1,234.56 | $1,234.56 | Monday, November 23, 2026 | Nov 23, 2026, 2:00 AM');
  });

  it('formats in the email subject and html too', async () => {
    const { admin, tickler, email } = await setup();
    await admin.messages.send({ channel: 'email', customerId: 'fr', template: 'invoice-notice', variables: { invoice } });
    await tickler.runDue();
    const sent = email.deliveries[0]!.message;
    expect([plain(sent.subject), plain(sent.html), sent.text]).toEqual(['Due 23 nov. 2026', '<p>1 234,56 € by lundi 23 novembre 2026</p>', null]);
  });

  it.each([
    ['a fractional amount', { ...invoice, amountMinor: 12.5 }, 'money: 12.5 is not an amount in minor units'],
    ['an amount as a string', { ...invoice, amountMinor: '123456' }, 'money: "123456" is not an amount in minor units'],
    ['an unsafe integer', { ...invoice, amountMinor: 2 ** 60 }, 'is not an amount in minor units'],
    ['no currency', { number: 'F-1', amountMinor: 123456, dueOn: '2026-11-23' }, 'undefined variable: invoice.currency'],
    ['an unknown currency', { ...invoice, currency: 'EURO' }, 'money: "EURO" is not an ISO 4217 currency code'],
    ['a due date that is not a date', { ...invoice, dueOn: 'soon' }, 'date: "soon" is not a date'],
  ])('%s is a ValidationError on `variables`, and nothing is queued', async (_what, bad, message) => {
    const { admin } = await setup();
    for (const attempt of [
      admin.templates.preview({ template: 'invoice-notice', kind: 'sms', customerId: 'fr', variables: { invoice: bad } }),
      admin.messages.send({ channel: 'sms', customerId: 'fr', template: 'invoice-notice', variables: { invoice: bad } }),
    ]) {
      const error: unknown = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ path: 'variables', message: expect.stringContaining(message) }]);
    }
    expect((await admin.messages.list()).items).toEqual([]);
  });
});

describe('property: formatMoney', () => {
  const currencies = Intl.supportedValuesOf('currency');
  // Locales with Latin digits; sv-SE writes its minus as U+2212, de-CH groups with U+2019, hi-IN in lakhs.
  const locales = ['fr-FR', 'de-DE', 'en-US', 'en-GB', 'nl-NL', 'es-ES', 'ja-JP', 'de-CH', 'fr-CH', 'sv-SE', 'hi-IN', 'pt-BR', 'en-IN', 'it-IT'];
  const amounts = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: MIN, max: MAX }), fc.constantFrom(0, -0, MAX, MIN));

  it('never throws for a safe integer and a supported currency, and its digits read back as the amount', () => {
    fc.assert(
      fc.property(amounts, fc.constantFrom(...currencies), fc.constantFrom(...locales), (amount, currency, locale) => {
        const text = formatMoney(amount, currency, locale);
        const negative = /[-\u2212]/.test(text);
        const digits = text.replace(/\D/g, '');
        expect(negative).toBe(amount < 0);
        expect(BigInt(digits) * (negative ? -1n : 1n)).toBe(BigInt(amount));
      }),
      { numRuns: 1500 },
    );
  });

  it('is exact for bigints of any size', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.constantFrom('EUR', 'JPY', 'BHD'), (amount, currency) => {
        const text = formatMoney(amount, currency, 'en-US');
        expect(BigInt(text.replace(/\D/g, '')) * (text.startsWith('-') ? -1n : 1n)).toBe(amount);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: formatDate of a calendar date shows that day in every zone', () => {
  const zones = Intl.supportedValuesOf('timeZone');
  const locales = ['fr-FR', 'de-DE', 'en-US', 'en-GB', 'nl-NL', 'es-ES', 'ja-JP'];
  const days = fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

  it('as yyyy-MM-dd and as the locale shows it with Intl in UTC', () => {
    fc.assert(
      fc.property(days, fc.constantFrom(...zones), fc.constantFrom(...locales), (day, zone, locale) => {
        expect(formatDate(day, 'yyyy-MM-dd', locale, zone)).toBe(day);
        const utc = new Date(`${day}T00:00:00Z`);
        const intl = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(utc);
        expect(formatDate(day, 'full', locale, zone)).toBe(intl({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }));
        expect(formatDate(day, 'short', locale, zone)).toBe(intl({ year: 'numeric', month: 'numeric', day: 'numeric' }));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ISO 4217 minor units, not the runtime display digits', () => {
  it.each([
    [123456, 'HUF', 'hu-HU', '1234,56 Ft'], // Hungarian groups from five digits
    [123456, 'IDR', 'id-ID', 'Rp 1.234,56'],
    [123456, 'IQD', 'en-US', 'IQD 123.456'],
    [123456, 'CLP', 'es-CL', '$123.456'],
    [123456, 'KWD', 'en-US', 'KWD 123.456'],
    [123456, 'CLF', 'es-CL', 'CLF 12,3456'],
  ] as [number, string, string, string][])('%d %s in %s is %s', (amount, currency, locale, expected) => {
    expect(plain(formatMoney(amount, currency, locale))).toBe(expected);
  });
});

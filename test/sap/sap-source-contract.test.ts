import { afterAll, beforeAll } from 'vitest';
import { sapSource } from 'tickler/sap';
import { runSourceContract } from 'tickler/testing';
import { startSapDouble, type SapDouble } from './sap-double';

// One double for the file: the suite resets it before each case.
let double: SapDouble;
beforeAll(async () => {
  double = await startSapDouble();
});
afterAll(async () => {
  await double.close();
});

// OAuth on BTP: the suite's token provider is the bearer token source. The double makes a
// posting visible the moment it is stamped, so no look-back margin is needed (see the report:
// with the default ten minutes, a pull with nothing new re-reads the margin's rows over
// several pages of 2 and commits the cursors in between).
runSourceContract('sap', (tokens) => Promise.resolve({ source: sapSource({ baseUrl: double.url, auth: { accessToken: tokens }, marginMs: 0 }), double }));

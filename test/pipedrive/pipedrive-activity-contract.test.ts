import { afterAll } from 'vitest';
import { pipedriveActivitySource } from 'tickler/pipedrive';
import { runSourceContract } from 'tickler/testing';
import { startPipedriveActivityDouble, type PipedriveActivityDouble } from './pipedrive-activity-double';

// The official pipedrive SDK (v1 RecentsApi) pointed at one double for the whole file
// (the suite resets it before each case), with the suite's OAuth token provider.
let double: PipedriveActivityDouble | null = null;
afterAll(() => double?.close());

runSourceContract('pipedrive activity', async (tokens) => {
  double ??= await startPipedriveActivityDouble();
  return { source: pipedriveActivitySource({ apiDomain: double.url, accessToken: tokens }), double };
});

import type { ConnectorCrashFixture } from './crash-fixture';
import { salesforceCrash } from '../salesforce/salesforce-crash-fixture';

/** Every adapter the connector crash test runs, one each. */
export const CRASH_FIXTURES: readonly ConnectorCrashFixture[] = [salesforceCrash];

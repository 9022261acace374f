import { runIntentParserContract } from '../../src/intake/contract/intent-parser-contract';
import { ChronoIntentParser } from '../../src/intake/chrono-intent-parser';

runIntentParserContract('chrono', () => new ChronoIntentParser());

import { MemoryStore } from 'tickler';
import { runStoreContract } from 'tickler/testing';

runStoreContract('memory', () => new MemoryStore());

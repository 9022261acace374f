import { MemorySource } from 'tickler';
import { runSourceContract } from 'tickler/testing';

// The in-process source is its own provider double: the contract checks the core's pull path against it.
runSourceContract('memory', async () => {
  const source = new MemorySource({ name: 'billing' });
  return { source, double: source };
});

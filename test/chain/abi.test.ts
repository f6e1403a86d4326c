import { Interface } from 'ethers';
import { describe, expect, it } from 'vitest';
import { REGISTRY_ABI } from '../../src/registry/abi.ts';
import { compileRegistry } from '../../src/registry/node-compile.ts';

describe('registry ABI', () => {
  it('the browser-safe ABI in abi.ts equals the ABI compiled from ProvenanceRegistry.sol', () => {
    const compiled = new Interface(compileRegistry().abi).format();
    expect([...REGISTRY_ABI]).toEqual(compiled);
  });
});

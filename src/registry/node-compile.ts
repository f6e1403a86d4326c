// Compiles the registry (and test contracts) with the solc npm package; results are cached under .cache/solc.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InterfaceAbi } from 'ethers';

export interface CompiledContract {
  name: string;
  abi: InterfaceAbi;
  /** Deployment bytecode, 0x-prefixed. */
  bytecode: string;
}

interface SolcModule {
  version(): string;
  compile(input: string): string;
}

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REGISTRY_SOURCE_PATH = path.join(projectRoot, 'src/registry/ProvenanceRegistry.sol');
const cacheDir = path.join(projectRoot, '.cache/solc');

// viaIR avoids "stack too deep" in the EIP-712 hashing; paris keeps the bytecode deployable on chains without PUSH0.
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  evmVersion: 'paris',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const;

let solc: SolcModule | undefined;
function loadSolc(): SolcModule {
  solc ??= createRequire(import.meta.url)('solc') as SolcModule;
  return solc;
}

/** Compiles Solidity sources (file name → source text) and returns every contract found, by name. */
export function compileSolidity(sources: Record<string, string>): Record<string, CompiledContract> {
  const compiler = loadSolc();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([file, content]) => [file, { content }])),
    settings: SETTINGS,
  };
  const inputJson = JSON.stringify(input);
  const key = createHash('sha256').update(compiler.version()).update(inputJson).digest('hex');
  const cacheFile = path.join(cacheDir, `${key}.json`);
  if (existsSync(cacheFile)) {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, CompiledContract>;
  }

  const output = JSON.parse(compiler.compile(inputJson)) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  const contracts: Record<string, CompiledContract> = {};
  for (const perFile of Object.values(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(perFile)) {
      contracts[name] = { name, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a parallel test worker never reads a half-written cache file.
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(contracts));
  renameSync(temporary, cacheFile);
  return contracts;
}

/** The ProvenanceRegistry contract compiled from src/registry/ProvenanceRegistry.sol. */
export function compileRegistry(): CompiledContract {
  const source = readFileSync(REGISTRY_SOURCE_PATH, 'utf8');
  const contract = compileSolidity({ 'ProvenanceRegistry.sol': source }).ProvenanceRegistry;
  if (!contract) throw new Error('ProvenanceRegistry.sol did not produce a ProvenanceRegistry contract');
  return contract;
}

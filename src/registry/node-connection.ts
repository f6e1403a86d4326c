// Opens the registry for a CLI command: RPC URL, address and key from options or the deployment file.
import { readFile } from 'node:fs/promises';
import { isHexString, type JsonRpcProvider, Wallet } from 'ethers';
import { connectRpc, RegistryClient } from './client.ts';
import { RegistryInputError } from './errors.ts';
import { anvilDevKey, isAnvil } from './node-chain.ts';
import { DEPLOYMENT_FILE, type Deployment, readDeployment } from './node-deployment.ts';

export interface RegistryConnectionOptions {
  rpc?: string;
  registry?: string;
  keyFile?: string;
  /** Whether the command sends transactions (and so needs a key). */
  needsSigner: boolean;
  projectDir?: string;
}

export interface RegistryConnection {
  client: RegistryClient;
  provider: JsonRpcProvider;
  rpcUrl: string;
  chainId: number;
  signer?: Wallet;
  deployment?: Deployment;
  /** Things the user should know (e.g. that a public dev key is in use). */
  notes: string[];
}

export async function openRegistry(options: RegistryConnectionOptions): Promise<RegistryConnection> {
  const deployment = options.rpc && options.registry ? undefined : readDeployment(options.projectDir);
  const rpcUrl = options.rpc ?? deployment?.rpcUrl;
  const address = options.registry ?? deployment?.address;
  if (!rpcUrl || !address) {
    throw new RegistryInputError(
      `No registry configured: ${DEPLOYMENT_FILE} not found and --rpc/--registry not both given.`,
      { hint: 'Run `provlens chain` in another terminal, or pass --rpc URL --registry ADDRESS.' },
    );
  }
  const provider = await connectRpc(rpcUrl);
  const chainId = Number((await provider.getNetwork()).chainId);
  // The deployment block only applies to the chain and contract it was written for.
  const sameDeployment = deployment && deployment.address.toLowerCase() === address.toLowerCase();
  const notes: string[] = [];
  let signer: Wallet | undefined;
  if (options.needsSigner) {
    if (options.keyFile) {
      signer = new Wallet(await readKeyFile(options.keyFile), provider);
    } else if (await isAnvil(provider)) {
      signer = new Wallet(anvilDevKey(0), provider);
      notes.push(`Using anvil's first dev account ${signer.address} (a public test key, local chain only).`);
    } else {
      throw new RegistryInputError(`--key-file is required to send transactions on chain ${chainId}.`, {
        hint: 'Pass a file holding the hex private key of the account that pays and signs.',
      });
    }
  }
  const client = new RegistryClient(address, signer ?? provider, {
    ...(sameDeployment ? { fromBlock: deployment.block } : {}),
  });
  return {
    client,
    provider,
    rpcUrl,
    chainId,
    ...(signer ? { signer } : {}),
    ...(deployment ? { deployment } : {}),
    notes,
  };
}

async function readKeyFile(file: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    throw new RegistryInputError(
      `Cannot read the key file ${file} (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
  const key = text.startsWith('0x') ? text : `0x${text}`;
  if (!isHexString(key, 32)) {
    throw new RegistryInputError(`The key file ${file} must hold one hex private key (64 hex digits).`);
  }
  return key;
}

/** Exit codes: 2 for a wrong command line or configuration, 1 for a chain that is down or refused. */
export function exitCodeFor(error: unknown): number {
  return error instanceof RegistryInputError ? 2 : 1;
}

/** One line (or a few) a person can act on, for any error a registry command may hit. */
export function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')) {
    const file = (error as NodeJS.ErrnoException).path ?? 'the file';
    return `Cannot read ${file} (${code}).`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reports a failed registry command on stderr and sets the exit code, without throwing: the message is
 * the whole story (what happened, what to do), so no stack trace follows it.
 */
export function reportFailure(error: unknown): void {
  process.stderr.write(`provlens: ${describeFailure(error)}\n`);
  process.exitCode = exitCodeFor(error);
}

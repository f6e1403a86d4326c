// A local EVM chain for development, demos and tests: anvil from @foundry-rs/anvil, the registry, demo records.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { HDNodeWallet, type JsonRpcProvider, Mnemonic, parseEther, Wallet } from 'ethers';
import { connectRpc, RegistryClient } from './client.ts';
import { compileRegistry } from './node-compile.ts';
import { deployRegistry } from './node-deploy.ts';
import { type Deployment, writeDeployment } from './node-deployment.ts';
import { identifyFile, onChainFingerprints } from './node-files.ts';

/** anvil's well-known development mnemonic: its accounts are public and funded only on local chains. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
export const ANVIL_CHAIN_ID = 31337;

/** The private key of anvil's dev account `index` (derived from the public development mnemonic). */
export function anvilDevKey(index: number): string {
  const mnemonic = Mnemonic.fromPhrase(ANVIL_MNEMONIC);
  return HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`).privateKey;
}

export interface LocalChain {
  rpcUrl: string;
  port: number;
  chainId: number;
  process: ChildProcess;
  /** Stops anvil and waits for it to exit. */
  stop(): Promise<void>;
}

function anvilCommand(): { command: string; args: string[] } {
  const require = createRequire(import.meta.url);
  // The platform package holds the binary; spawning it directly lets stop() reach anvil itself.
  try {
    const binary = require.resolve(`@foundry-rs/anvil-${process.platform}-${process.arch}/bin/anvil`);
    if (existsSync(binary)) return { command: binary, args: [] };
  } catch {
    // fall back to the package's launcher
  }
  return { command: process.execPath, args: [require.resolve('@foundry-rs/anvil/bin.mjs')] };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts anvil on 127.0.0.1 (`port`, or 8545 when free and `preferDefaultPort`, else a free port). */
export async function startAnvil(
  options: { port?: number; preferDefaultPort?: boolean; timeoutMs?: number; chainId?: number } = {},
): Promise<LocalChain> {
  const chainId = options.chainId ?? ANVIL_CHAIN_ID;
  const port =
    options.port ?? (options.preferDefaultPort && (await portIsFree(8545)) ? 8545 : await freePort());
  const { command, args } = anvilCommand();
  const child = spawn(
    command,
    [...args, '--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `anvil exited (${signal ?? `code ${code}`})`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `anvil could not start: ${error.message}`;
      resolve();
    });
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      await exit;
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${exited}. ${stderr.trim()}`.trim());
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) return { rpcUrl, port, chainId, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(
    `anvil did not answer on ${rpcUrl} within ${options.timeoutMs ?? 20_000} ms. ${stderr.trim()}`,
  );
}

/** Whether the node at `rpcUrl` is anvil (so its public dev keys may be used by default). */
export async function isAnvil(provider: JsonRpcProvider): Promise<boolean> {
  try {
    const version = String(await provider.send('web3_clientVersion', []));
    return version.toLowerCase().startsWith('anvil');
  } catch {
    return false;
  }
}

/** Compiles and deploys the registry with `deployerKey` (default: anvil's first dev account). */
export async function deployLocalRegistry(
  rpcUrl: string,
  deployerKey: string = anvilDevKey(0),
): Promise<{ client: RegistryClient; deployment: Deployment }> {
  const provider = await connectRpc(rpcUrl);
  const deployer = new Wallet(deployerKey, provider);
  // The same CREATE2 address as on public networks, so the extension's network list holds for the demo too.
  const deployed = await deployRegistry(deployer, compileRegistry());
  const blockNumber = deployed.block ?? 0;
  const client = new RegistryClient(deployed.address, deployer, { fromBlock: blockNumber });
  const deployment: Deployment = {
    chainId: deployed.chainId,
    rpcUrl,
    address: client.address,
    block: blockNumber,
    deployedAt: new Date().toISOString(),
  };
  return { client, deployment };
}

/** Sends `amountEth` from anvil's first dev account to `address` (e.g. the extension's own key). */
export async function fundAddress(rpcUrl: string, address: string, amountEth = '10'): Promise<string> {
  const provider = await connectRpc(rpcUrl);
  const funder = new Wallet(anvilDevKey(0), provider);
  const tx = await funder.sendTransaction({ to: address, value: parseEther(amountEth) });
  await tx.wait();
  return tx.hash;
}

export interface DemoRecords {
  dataset: string;
  model: string;
  application: string;
  outputs: string[];
  photo: string;
  /** Files written for the demo (their hashes are registered), by name. */
  files: Record<string, string>;
  /** A re-encoded, resized copy of the photo that is not registered: found by fingerprint only. */
  photoCopy: string;
  fingerprinted: boolean;
}

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/**
 * Registers the demo value chain: a dataset, a model trained on it, an application built on the model,
 * two outputs generated by them, and a photographer's photo (registered by signature through a relayer).
 * Each party uses its own anvil dev account, so payments visibly reach different balances.
 */
export async function seedDemoRecords(client: RegistryClient, demoDir: string): Promise<DemoRecords> {
  const files = await writeDemoFiles(demoDir);
  const provider = client.provider as JsonRpcProvider;
  const party = (index: number): RegistryClient => client.connect(new Wallet(anvilDevKey(index), provider));
  const identify = async (name: string) => {
    const identity = await identifyFile(files[name]!);
    return { contentHash: identity.sha256, softBindings: onChainFingerprints(identity.fingerprints) };
  };

  const dataset = await party(1).register({
    ...(await identify('dataset-card.json')),
    kind: 'dataset',
    title: 'Open Landscapes 2024',
    creator: 'Open Landscapes Collective',
    uri: 'https://example.org/datasets/open-landscapes-2024',
    training: 'allowed',
  });
  const model = await party(2).register({
    ...(await identify('model-card.json')),
    kind: 'model',
    title: 'Landscape Diffusion v1',
    creator: 'Example AI Lab',
    uri: 'https://example.org/models/landscape-diffusion-v1',
    training: 'notAllowed',
    parents: [{ id: dataset.id, relation: 'TrainedOn', shareBps: 3000 }],
  });
  const application = await party(3).register({
    ...(await identify('app-manifest.json')),
    kind: 'application',
    title: 'Landscape Studio',
    creator: 'Example Apps Inc.',
    uri: 'https://example.org/apps/landscape-studio',
    parents: [{ id: model.id, relation: 'ComponentOf', shareBps: 2000 }],
  });
  const outputs: string[] = [];
  for (const [i, name] of ['output-1.png', 'output-2.png'].entries()) {
    const output = await party(4).register({
      ...(await identify(name)),
      kind: 'output',
      title: `Generated landscape #${i + 1}`,
      creator: 'Landscape Studio user',
      digitalSourceType: `${IPTC}trainedAlgorithmicMedia`,
      training: 'notAllowed',
      parents: [
        { id: model.id, relation: 'GeneratedBy', shareBps: 2500 },
        { id: application.id, relation: 'GeneratedBy', shareBps: 500 },
      ],
    });
    outputs.push(output.id);
  }
  // The photographer signs; anvil's first account relays and pays the gas.
  const photographer = new Wallet(anvilDevKey(5), provider);
  const signed = await client.signRegistration(photographer, {
    ...(await identify('photo.png')),
    kind: 'media',
    title: 'Harbour at dawn',
    creator: 'Jane Doe',
    uri: 'https://example.org/jane-doe/harbour-at-dawn',
    digitalSourceType: `${IPTC}digitalCapture`,
    training: 'notAllowed',
  });
  const photo = await party(0).submitSignedRegistration(signed);
  const photoFingerprints = (await identify('photo.png')).softBindings.length > 0;

  return {
    dataset: dataset.id,
    model: model.id,
    application: application.id,
    outputs,
    photo: photo.id,
    files,
    photoCopy: files['photo-copy.jpg']!,
    fingerprinted: photoFingerprints,
  };
}

/** Writes the demo's files: small JSON cards and generated images (deterministic pixels). */
async function writeDemoFiles(dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const { default: sharp } = await import('sharp');
  const files: Record<string, string> = {};
  const cards: Record<string, unknown> = {
    'dataset-card.json': { name: 'Open Landscapes 2024', images: 120000, license: 'CC-BY-4.0' },
    'model-card.json': {
      name: 'Landscape Diffusion v1',
      architecture: 'latent diffusion',
      trainedOn: 'Open Landscapes 2024',
    },
    'app-manifest.json': { name: 'Landscape Studio', model: 'Landscape Diffusion v1' },
  };
  for (const [name, card] of Object.entries(cards)) {
    files[name] = path.join(dir, name);
    await writeFile(files[name], `${JSON.stringify(card, null, 2)}\n`);
  }
  const size = 256;
  const paint = (pixel: (x: number, y: number) => [number, number, number]): Buffer => {
    const data = Buffer.alloc(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) data.set(pixel(x, y), (y * size + x) * 3);
    }
    return data;
  };
  const images: Record<string, Buffer> = {
    // A sky over hills.
    'output-1.png': paint((x, y) => {
      const hill = y > 150 + 30 * Math.sin(x / 30);
      return hill ? [40, 120 + (y % 40), 50] : [120 + y / 3, 170 + y / 4, 250];
    }),
    // A sunset over water.
    'output-2.png': paint((x, y) => {
      const sun = (x - 180) ** 2 + (y - 90) ** 2 < 900;
      if (sun) return [255, 220, 120];
      return y > 160 ? [20, 40 + (x % 20), 110] : [250, 120 + y / 2, 80];
    }),
    // A harbour: a pier and boats against a pale sky.
    'photo.png': paint((x, y) => {
      if (y > 170) return [30 + ((x * 7 + y * 3) % 25), 60, 90];
      if (x > 40 && x < 90 && y > 120) return [90, 60, 40];
      if ((x - 170) ** 2 / 4 + (y - 160) ** 2 < 150) return [200, 30, 30];
      return [200 - y / 4, 210 - y / 5, 225];
    }),
  };
  const raw = { raw: { width: size, height: size, channels: 3 as const } };
  for (const [name, pixels] of Object.entries(images)) {
    files[name] = path.join(dir, name);
    await sharp(pixels, raw).png().toFile(files[name]);
  }
  files['photo-copy.jpg'] = path.join(dir, 'photo-copy.jpg');
  await sharp(images['photo.png']!, raw)
    .resize(192, 192)
    .jpeg({ quality: 70 })
    .toFile(files['photo-copy.jpg']);
  return files;
}

export interface RunningLocalRegistry {
  chain: LocalChain;
  deployment: Deployment;
  client: RegistryClient;
  demo?: DemoRecords;
}

/** `provlens chain`: anvil + registry + demo records, and the deployment file for the CLI and `npm start`. */
export async function startLocalRegistry(
  options: { port?: number; seed?: boolean; projectDir?: string } = {},
): Promise<RunningLocalRegistry> {
  const projectDir = options.projectDir ?? process.cwd();
  const chain = await startAnvil({
    preferDefaultPort: true,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  try {
    const { client, deployment } = await deployLocalRegistry(chain.rpcUrl);
    const demo =
      options.seed === false
        ? undefined
        : await seedDemoRecords(client, path.join(projectDir, '.provlens/demo'));
    const full: Deployment = {
      ...deployment,
      local: true,
      ...(demo ? { demo: demoSummary(demo, projectDir) } : {}),
    };
    await writeDeployment(full, projectDir);
    return { chain, deployment: full, client, ...(demo ? { demo } : {}) };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}

function demoSummary(demo: DemoRecords, projectDir: string): NonNullable<Deployment['demo']> {
  return {
    records: {
      dataset: demo.dataset,
      model: demo.model,
      application: demo.application,
      outputs: demo.outputs,
      photo: demo.photo,
    },
    files: Object.fromEntries(Object.entries(demo.files).map(([k, v]) => [k, path.relative(projectDir, v)])),
  };
}

// Where the registry lives: .provlens/deployment.json, written by `provlens chain`, read by the CLI (Node only).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Deployment {
  chainId: number;
  rpcUrl: string;
  address: string;
  /** Deployment block: log searches start here. */
  block: number;
  deployedAt?: string;
  /** True when written by `provlens chain` for its own anvil. */
  local?: boolean;
  demo?: {
    records: { dataset: string; model: string; application: string; outputs: string[]; photo: string };
    /** Demo files by name, relative to the project directory. */
    files: Record<string, string>;
  };
}

export const DEPLOYMENT_FILE = '.provlens/deployment.json';

export function deploymentPath(projectDir: string = process.cwd()): string {
  return path.join(projectDir, DEPLOYMENT_FILE);
}

export async function writeDeployment(
  deployment: Deployment,
  projectDir: string = process.cwd(),
): Promise<string> {
  const file = deploymentPath(projectDir);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return file;
}

/** The deployment file's content, or undefined when there is none; throws when it is malformed. */
export function readDeployment(projectDir: string = process.cwd()): Deployment | undefined {
  const file = deploymentPath(projectDir);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message}); delete it and run \`provlens chain\`.`,
    );
  }
  const d = parsed as Partial<Deployment>;
  if (typeof d.rpcUrl !== 'string' || typeof d.address !== 'string' || typeof d.chainId !== 'number') {
    throw new Error(`${file} lacks rpcUrl, address or chainId; delete it and run \`provlens chain\`.`);
  }
  return { block: 0, ...d } as Deployment;
}

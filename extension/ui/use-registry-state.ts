// Whether a registry is set up in Options, so the detail view can say "not set up" instead of "no records".
import { useEffect, useState } from 'preact/hooks';
import { getSettings } from '../platform/client.ts';
import type { RegistryState } from './registry-section.tsx';

export function useRegistryState(): RegistryState | undefined {
  const [state, setState] = useState<RegistryState | undefined>(undefined);
  useEffect(() => {
    getSettings()
      .then((settings) => setState(settings.registry ? undefined : 'not-configured'))
      .catch(() => setState(undefined));
  }, []);
  return state;
}

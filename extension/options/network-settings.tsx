// Options → registry network: one of the networks the project knows (networks.ts), or a custom RPC below,
// and the relay that submits registrations when the extension's key holds no funds.
import { useId, useState } from 'preact/hooks';
import { NETWORKS } from '../../src/registry/networks.ts';
import { t } from '../platform/client.ts';
import type { Settings } from '../platform/model.ts';

const CUSTOM = 'custom';

function validHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname))
    );
  } catch {
    return false;
  }
}

export function NetworkSettings({
  settings,
  onSave,
}: {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => Promise<void>;
}) {
  const id = useId();
  const saved = settings.registry;
  const [name, setName] = useState(saved?.network ?? (saved ? CUSTOM : ''));
  const network = NETWORKS.find((n) => n.name === name);
  const [rpcUrl, setRpcUrl] = useState(
    saved?.network === name && saved ? saved.rpcUrl : (network?.rpcUrls[0] ?? ''),
  );
  const [relayUrl, setRelayUrl] = useState(saved?.relayUrl ?? '');
  const [error, setError] = useState('');
  // Saved as it changes, like every other setting: a network as soon as it is picked, its fields when left.
  const save = (next: { name: string; rpcUrl: string; relayUrl: string }) => {
    const chosen = NETWORKS.find((n) => n.name === next.name);
    if (!chosen) return;
    const rpc = next.rpcUrl.trim();
    const relay = next.relayUrl.trim();
    if (!validHttpUrl(rpc) || (relay !== '' && !validHttpUrl(relay))) {
      setError(t('error_rpc_insecure'));
      return;
    }
    setError('');
    void onSave({
      registry: {
        rpcUrl: rpc,
        address: chosen.registry,
        chainId: chosen.chainId,
        network: chosen.name,
        ...(relay ? { relayUrl: relay } : {}),
      },
    });
  };
  const pick = (next: string) => {
    setName(next);
    setError('');
    const chosen = NETWORKS.find((n) => n.name === next);
    const nextRpc = saved?.network === next && saved ? saved.rpcUrl : (chosen?.rpcUrls[0] ?? '');
    setRpcUrl(nextRpc);
    save({ name: next, rpcUrl: nextRpc, relayUrl });
  };
  return (
    <section class="card" aria-labelledby={`${id}-heading`} data-testid="network-settings">
      <h2 id={`${id}-heading`}>{t('options_network_heading')}</h2>
      <p class="hint">{t('options_network_intro')}</p>
      <div class="field">
        <label for={`${id}-network`}>{t('options_network_label')}</label>
        <select
          id={`${id}-network`}
          data-testid="registry-network"
          value={name}
          onChange={(event) => pick(event.currentTarget.value)}
        >
          <option value="">{t('options_network_none')}</option>
          {NETWORKS.map((n) => (
            <option key={n.name} value={n.name}>
              {`${n.label} (${n.chainId})`}
            </option>
          ))}
          <option value={CUSTOM}>{t('options_network_custom')}</option>
        </select>
      </div>
      {network ? (
        <div>
          <div class="field">
            <label for={`${id}-rpc`}>{t('options_registry_rpc')}</label>
            <input
              id={`${id}-rpc`}
              type="text"
              list={`${id}-rpcs`}
              value={rpcUrl}
              spellcheck={false}
              autocomplete="off"
              data-testid="network-rpc"
              onInput={(event) => setRpcUrl(event.currentTarget.value)}
              onChange={(event) => save({ name, rpcUrl: event.currentTarget.value, relayUrl })}
            />
            <datalist id={`${id}-rpcs`}>
              {network.rpcUrls.map((url) => (
                <option key={url} value={url} />
              ))}
            </datalist>
            <p class="hint">
              {t('options_network_address', [network.registry])}
              {network.deploymentBlock === null && !network.local
                ? ` ${t('options_network_not_deployed')}`
                : ''}
            </p>
          </div>
          <div class="field">
            <label for={`${id}-relay`}>{t('options_network_relay')}</label>
            <input
              id={`${id}-relay`}
              type="text"
              value={relayUrl}
              placeholder="https://"
              spellcheck={false}
              autocomplete="off"
              data-testid="network-relay"
              onInput={(event) => setRelayUrl(event.currentTarget.value)}
              onChange={(event) => save({ name, rpcUrl, relayUrl: event.currentTarget.value })}
            />
            <p class="hint">{t('options_network_relay_hint')}</p>
          </div>
          {error ? <p class="field-error">{error}</p> : null}
        </div>
      ) : name === CUSTOM ? (
        <p class="hint">{t('options_network_custom_hint')}</p>
      ) : null}
    </section>
  );
}

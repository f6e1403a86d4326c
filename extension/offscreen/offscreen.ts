// Chrome offscreen document: a service worker cannot start Workers, so the verifier lives here and
// answers the background's host requests.
import { serveHost } from '../platform/host.ts';
import { createVerifierHost } from './verifier-host.ts';

const host = createVerifierHost();

serveHost(async (request) => {
  if (request.type === 'host-ping') {
    if (request.trustFingerprint) await host.warm(request.trustFingerprint);
    return 'ready';
  }
  if (request.type === 'host-thumbnail') return (await host.thumbnail(request.sha256)) ?? null;
  if (request.type === 'host-verify-many') return Promise.all(request.jobs.map((job) => host.verify(job)));
  return host.verify(request.job);
});

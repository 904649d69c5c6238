// panva's oidc-provider, configured for appcreds' interop tests (tests/src/oidc_provider.rs starts it).
//
//   node provider.mjs --port 4010 --redirect-uri http://127.0.0.1:8123/auth/external/callback \
//        [--client-id appcreds-interop] [--client-secret '...'] [--device-code-ttl 600] \
//        [--client-auth-methods any|confidential]
//
// (or INTEROP_PORT, INTEROP_REDIRECT_URI, INTEROP_CLIENT_ID, INTEROP_CLIENT_SECRET, ...).
//
// Features on: revocation and introspection (RFC 7009, RFC 7662), the device authorization grant
// (RFC 8628; its codes live `--device-code-ttl` seconds) and open dynamic client registration
// (RFC 7591; `--client-auth-methods confidential` takes `none` out of the supported client
// authentication methods, so only confidential clients can register).
//
// One static confidential client (client_secret_basic), PKCE S256 required, `iss` in every
// authorization response (RFC 9207), refresh tokens issued to the client and rotated on every use
// (reusing a rotated one revokes the grant). No devInteractions: `/interaction/:uid` finishes at once
// over plain HTTP: the user `login_hint` (default `test-user`) logs in and consents to what was
// asked; `login_hint=refuse` refuses, so the client gets `error=access_denied`.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && index + 1 < process.argv.length) return process.argv[index + 1];
  const env = process.env[`INTEROP_${name.toUpperCase().replaceAll('-', '_')}`];
  if (env !== undefined) return env;
  if (fallback === undefined) {
    console.error(`provider.mjs: --${name} is required`);
    process.exit(2);
  }
  return fallback;
}

const port = Number(option('port'));
const redirectUri = option('redirect-uri');
const clientId = option('client-id', 'appcreds-interop');
const clientSecret = option('client-secret', 'interop s3cret:&+/=');
const deviceCodeTtl = Number(option('device-code-ttl', '600'));
const clientAuthMethods = option('client-auth-methods', 'any') === 'confidential'
  ? ['client_secret_basic', 'client_secret_post']
  : ['none', 'client_secret_basic', 'client_secret_post'];
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  clientAuthMethods,
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    introspection: { enabled: true },
    deviceFlow: { enabled: true },
    registration: { enabled: true },
  },
  ttl: { DeviceCode: deviceCodeTtl },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  cookies: { keys: ['appcreds-interop-only'] },
  findAccount: async (_ctx, accountId) => ({ accountId, claims: async () => ({ sub: accountId }) }),
});

async function finishInteraction(req, res) {
  const { params } = await provider.interactionDetails(req, res);
  if (params.login_hint === 'refuse') {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The test user refused.' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const accountId = params.login_hint || 'test-user';
  const grant = new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(params.scope || 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const handle = provider.callback();
const server = createServer((req, res) => {
  if (req.method === 'GET' && /^\/interaction\/[^/?]+/.test(req.url)) {
    finishInteraction(req, res).catch((error) => {
      console.error('interaction failed:', error);
      res.statusCode = 500;
      res.end(String(error));
    });
    return;
  }
  handle(req, res);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

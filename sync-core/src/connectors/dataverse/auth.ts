import { ConfidentialClientApplication } from "@azure/msal-node";

export type DataverseAuth =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "client-credentials"; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string };

/**
 * A token source for the client. Client credentials go through msal-node; we also keep the token
 * until five minutes before it expires, because msal's cache behaviour for app tokens is not
 * something we want a run's speed to depend on.
 */
export function tokenProvider(auth: DataverseAuth, orgUrl: string, now: () => number = Date.now): () => Promise<string> {
  if (auth.kind === "token") return () => Promise.resolve(auth.token);
  const app = new ConfidentialClientApplication({
    auth: { clientId: auth.clientId, authority: `https://login.microsoftonline.com/${auth.tenantId}`, clientSecret: auth.clientSecret },
  });
  const scope = `${new URL(orgUrl).origin}/.default`;
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (cached && cached.expiresAt - 5 * 60_000 > now()) return cached.token;
    const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error("Entra ID returned no access token for Dataverse: check MPS_DATAVERSE_CLIENT_ID and the application user");
    cached = { token: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? now() + 30 * 60_000 };
    return cached.token;
  };
}

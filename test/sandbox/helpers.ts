import axios, { type AxiosInstance } from 'axios';

/** A fixed reference date, so generated companies are the same on every run. */
export const TODAY = '2026-07-01';

/** Returns an axios instance for HiBob's API with Basic auth that never throws on an HTTP status. */
export function hibobClient(hibobUrl: string, serviceUserId: string, token: string): AxiosInstance {
  return axios.create({
    baseURL: hibobUrl,
    auth: { username: serviceUserId, password: token },
    validateStatus: () => true,
  });
}

/** Returns an axios instance for Learn Amp that never throws on an HTTP status. */
export function learnampClient(learnampUrl: string, accessToken?: string): AxiosInstance {
  return axios.create({
    baseURL: learnampUrl,
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    validateStatus: () => true,
  });
}

/** Requests a Learn Amp access token with a form-encoded body and returns it. Throws unless the status is 200. */
export async function learnampToken(
  learnampUrl: string,
  credentials: { clientId: string; clientSecret: string },
  scope?: string,
): Promise<string> {
  const form = new URLSearchParams({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    grant_type: 'client_credentials',
    ...(scope ? { scope } : {}),
  });
  const response = await axios.post<{ access_token: string }>(`${learnampUrl}/oauth/token`, form);
  return response.data.access_token;
}

/** Returns a form-encoded body, the format Learn Amp documents for writes. */
export function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

import { defaultPayloadConverter } from '@temporalio/common';
import axios from 'axios';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { EncryptionCodec } from '../../worker/codec';
import { buildCodecServer } from '../../worker/codecServer';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec([randomBytes(32)]);
let server: FastifyInstance;
let url: string;

beforeAll(async () => {
  server = buildCodecServer({ codec, allowedOrigins: [UI_ORIGIN], logger: false });
  await server.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.close();
});

const toJson = (payload: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  axios.post(`${url}${path}`, body, { headers: { 'X-Namespace': 'default', ...headers }, validateStatus: () => true });

describe('codec server', () => {
  test('decode returns the original payload', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ tenantId: 'acme' })!]);
    const response = await post('/decode', { payloads: [toJson(encrypted!)] }, { Origin: UI_ORIGIN });

    expect(response.status).toBe(200);
    const data = Buffer.from(response.data.payloads[0].data, 'base64').toString('utf8');
    expect(JSON.parse(data)).toEqual({ tenantId: 'acme' });
    expect(response.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
  });

  test('encode output decodes with the codec', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload('hello')!);
    const response = await post('/encode', { payloads: [plain] });
    const encoded = response.data.payloads[0];
    const [decoded] = await codec.decode([
      { metadata: Object.fromEntries(Object.entries(encoded.metadata as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(encoded.data, 'base64') },
    ]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('hello');
  });

  test('preflight allows the Web UI', async () => {
    const response = await axios.request({
      method: 'OPTIONS',
      url: `${url}/decode`,
      headers: { Origin: UI_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' },
      validateStatus: () => true,
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']).toContain('X-Namespace');
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  test('other origin is rejected', async () => {
    const response = await post('/decode', { payloads: [] }, { Origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('invalid body names the field', async () => {
    const response = await post('/decode', { payloads: [{ data: 42 }] });
    expect(response.status).toBe(400);
    expect(response.data.error).toContain('payloads.0.data');
  });

  test('unknown key is a 400', async () => {
    const [foreign] = await new EncryptionCodec([randomBytes(32)]).encode([defaultPayloadConverter.toPayload('x')!]);
    const response = await post('/decode', { payloads: [toJson(foreign!)] });
    expect(response.status).toBe(400);
    expect(response.data.error).toContain('not in HIBOB_SYNC_PAYLOAD_KEYS');
  });
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxAdminClient, startSandboxes, type HiBobCompany, type Sandboxes } from '../../sandbox';
import { TODAY } from './helpers';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('HiBob sandbox webhooks', () => {
  let sandboxes: Sandboxes;
  let company: HiBobCompany;
  let listener: Server;
  let listenerUrl: string;
  let received: Received[];
  let listenerStatus: number;
  const secret = 'webhook-secret';

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    company = sandboxes.hibob.addCompany({ companyId: 'acme', seed: 4, size: 20, today: TODAY });
    listener = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(listenerStatus).end();
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/hooks/hibob`;
  });
  afterAll(async () => {
    await sandboxes.close();
    await new Promise((resolve) => listener.close(resolve));
  });
  beforeEach(() => {
    received = [];
    listenerStatus = 200;
    company.setWebhook({ url: listenerUrl, secret });
  });

  const employed = () => company.employees.find((e) => e.lifecycleStatus === 'employed' && e.reportsTo)!;
  const sign = (body: string) => createHmac('sha512', secret).update(body).digest('base64');

  test('terminate sends left and inactivated', async () => {
    const employee = employed();
    company.terminate(employee.id);
    await sandboxes.hibob.flushWebhooks();
    const events = received.map((event) => JSON.parse(event.body));

    expect(events.map((event) => event.type)).toEqual(['employee.left', 'employee.inactivated']);
    expect(events[0]).toMatchObject({ companyId: 'acme', version: 'v2', data: { employeeId: employee.id } });
    expect(events[0].triggeredAt).toEqual(expect.any(String));
  });

  test('signature is HMAC-SHA512 of the body', async () => {
    company.rehire(employed().id);
    await sandboxes.hibob.flushWebhooks();
    for (const event of received) {
      expect(event.headers['bob-signature']).toBe(sign(event.body));
    }
    expect(received).toHaveLength(2);
  });

  test('update lists the changed field ids', async () => {
    company.updateEmployee(employed().id, { email: 'new@example.test', department: null });
    await sandboxes.hibob.flushWebhooks();
    const [event] = received.map((item) => JSON.parse(item.body));
    expect(event.type).toBe('employee.updated');
    expect(event.data.fieldIds).toEqual(['root.email', 'work.department']);
  });

  test('forged signature can be sent', async () => {
    const delivery = await company.sendWebhook('employee.updated', employed().id, { signature: 'forged' });
    expect(delivery.status).toBe(200);
    expect(received[0]?.headers['bob-signature']).toBe('forged');
  });

  test('failed deliveries are recorded', async () => {
    listenerStatus = 500;
    const delivery = await company.sendWebhook('employee.created', employed().id);
    expect(delivery.status).toBe(500);
    expect(sandboxes.hibob.webhookDeliveries.at(-1)?.status).toBe(500);
  });

  test('no events without a subscription', async () => {
    company.setWebhook(null);
    company.terminate(employed().id);
    await sandboxes.hibob.flushWebhooks();
    expect(received).toEqual([]);
  });

  test('non-loopback URL is rejected', () => {
    expect(() => company.setWebhook({ url: 'http://example.com/hook', secret })).toThrow(/Invalid webhook URL/);
  });

  test('admin client sends and lists events', async () => {
    const admin = new SandboxAdminClient(sandboxes);
    await admin.setWebhook('acme', { url: listenerUrl, secret });
    const delivery = await admin.sendWebhook('acme', 'employee.deleted', employed().id);
    const deliveries = await admin.webhookDeliveries('acme');
    expect(delivery.status).toBe(200);
    expect(deliveries.at(-1)?.type).toBe('employee.deleted');
  });
});

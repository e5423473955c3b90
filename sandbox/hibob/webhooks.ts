import axios from 'axios';
import { createHmac } from 'node:crypto';
import type { SandboxEmployee } from '../employee';

/** HiBob v2 webhook event types the sandbox sends. */
export const WEBHOOK_EVENT_TYPES = [
  'employee.created',
  'employee.updated',
  'employee.deleted',
  'employee.joined',
  'employee.left',
  'employee.inactivated',
  'employee.activated',
] as const;

/** A HiBob webhook event type. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Destination of a company's webhook events. The URL must be on loopback. */
export interface WebhookSubscription {
  url: string;
  /** Key of the `Bob-Signature` HMAC. */
  secret: string;
}

/** One delivery attempt and its outcome. */
export interface WebhookDelivery {
  companyId: string;
  type: WebhookEventType;
  url: string;
  /** Raw JSON body as sent, which the signature covers. */
  body: string;
  signature: string;
  /** HTTP status of the listener's response, or null when the request failed. */
  status: number | null;
  /** Network error message when the request failed. */
  error?: string;
  /** Epoch milliseconds when the response or error arrived. */
  at: number;
}

/** Options of a manual webhook send. */
export interface SendWebhookOptions {
  /** Changed field ids, for employee.updated. */
  fieldIds?: string[];
  /** Sends this `Bob-Signature` instead of the correct one, to test forged deliveries. */
  signature?: string;
}

/** Field ids of the employee properties, for the field list of employee.updated events. */
export const FIELD_IDS_BY_PROPERTY: Record<keyof SandboxEmployee, string> = {
  id: 'root.id',
  email: 'root.email',
  firstName: 'root.firstName',
  surname: 'root.surname',
  displayName: 'root.displayName',
  title: 'work.title',
  department: 'work.department',
  site: 'work.site',
  startDate: 'work.startDate',
  reportsTo: 'work.reportsTo',
  accessStatus: 'internal.status',
  lifecycleStatus: 'internal.lifecycleStatus',
  terminationDate: 'internal.terminationDate',
};

const DELIVERY_TIMEOUT_MS = 5000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Returns base64(HMAC-SHA512(secret, body)), the value of HiBob's `Bob-Signature` header. */
export function signWebhookBody(secret: string, body: string): string {
  return createHmac('sha512', secret).update(body).digest('base64');
}

/** Throws unless the subscription URL is http(s) on a loopback host, since the sandbox must not call other hosts. */
export function validateSubscription(subscription: WebhookSubscription): void {
  const url = new URL(subscription.url);
  if (!['http:', 'https:'].includes(url.protocol) || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`Invalid webhook URL ${subscription.url}: use http://127.0.0.1, localhost or [::1]`);
  }
  if (subscription.secret === '') {
    throw new Error('Invalid webhook secret: it must not be empty');
  }
}

/**
 * Posts one signed v2 event to the subscription and returns the delivery record.
 * NOTE: HiBob retries failed deliveries for up to three days, but the sandbox tries once. The `data` keys
 * (`employeeId`, `fieldIds`) are not confirmed against a real HiBob delivery.
 */
export async function deliverWebhook(
  companyId: string,
  subscription: WebhookSubscription,
  type: WebhookEventType,
  employeeId: string,
  options: SendWebhookOptions = {},
): Promise<WebhookDelivery> {
  const body = JSON.stringify({
    companyId,
    type,
    triggeredBy: 'sandbox',
    triggeredAt: new Date().toISOString(),
    version: 'v2',
    data: { employeeId, ...(options.fieldIds ? { fieldIds: options.fieldIds } : {}) },
  });
  const signature = options.signature ?? signWebhookBody(subscription.secret, body);
  const delivery = { companyId, type, url: subscription.url, body, signature };
  try {
    const response = await axios.post(subscription.url, body, {
      headers: { 'Content-Type': 'application/json', 'Bob-Signature': signature },
      timeout: DELIVERY_TIMEOUT_MS,
      validateStatus: () => true,
      transformRequest: [(data: string) => data],
    });
    return { ...delivery, status: response.status, at: Date.now() };
  } catch (error) {
    return { ...delivery, status: null, error: error instanceof Error ? error.message : String(error), at: Date.now() };
  }
}

/**
 * The webhook's delivery log for the supervisor (GET /api/webhooks/deliveries) and
 * "Renvoyer" (POST /api/webhooks/deliveries/:id/retry), which gives a failed delivery a
 * new round of attempts, the first one at once.
 */
import type { FastifyInstance } from 'fastify';
import type { WebhookDeliveriesDto } from '../../core/outbound';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { conflict } from '../http/errors';
import { listDeliveries, retryDelivery } from '../repos/webhooks';

export function webhookRoutes(app: FastifyInstance, { db, webhooks }: ServerContext): void {
  route<{ Querystring: { limit?: string; before?: string } }>(
    app,
    db,
    'listDeliveries',
    async (request): Promise<WebhookDeliveriesDto> => {
      const limit = Math.min(Number(request.query.limit ?? 50), 200);
      const before = request.query.before === undefined ? null : Number(request.query.before);
      return { configured: webhooks !== null, deliveries: await listDeliveries(db, limit, before) };
    },
  );

  route<{ Params: { id: string } }>(app, db, 'retryDelivery', async (request) => {
    if (!webhooks) {
      throw conflict('webhook_off', 'No webhook is configured on the server (WEBHOOK_URL): nothing can be sent.');
    }
    const delivery = await db.transaction((tx) => retryDelivery(tx, Number(request.params.id)));
    webhooks.wake();
    return delivery;
  });
}

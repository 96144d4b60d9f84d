/**
 * POST /api/devices/claim: the phone claims its device id right after login, so the id
 * is its user's before it is sent anywhere else (repos/deviceClaims.ts). A route of its
 * own rather than a field of the login: the phone claims again at its next sync when the
 * login's claim did not get through, and claims the new id it takes when its own was
 * claimed by someone else — neither is a login.
 */
import type { FastifyInstance } from 'fastify';
import type { DeviceClaimDto } from '../../core/api/dto';
import type { ServerContext } from '../context';
import { currentUser } from '../http/auth';
import { route } from '../http/route';
import { claimDevice } from '../repos/deviceClaims';

export function deviceRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route<{ Body: DeviceClaimDto }>(app, db, 'claimDevice', async (request, reply) => {
    await claimDevice(db, request.body.deviceId, currentUser(request).username);
    return reply.status(204).send();
  });
}

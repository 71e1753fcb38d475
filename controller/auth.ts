// Optional bearer token: when the controller has one, every request but /healthz must carry it.
// Compared in constant time over SHA-256 digests, so neither content nor length leaks by timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function tokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented));
}

export function installAuth(app: FastifyInstance, token: string | null): void {
  if (token === null) return;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/healthz' || request.url.startsWith('/healthz?')) return;
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (m && tokenMatches(token, m[1]!.trim())) return;
    reply.header('www-authenticate', 'Bearer realm="microgrid-controller"');
    return sendProblem(
      reply,
      problem(
        401,
        'UNAUTHENTICATED',
        m
          ? 'the bearer token is not the controller’s token'
          : 'this controller needs Authorization: Bearer <token>',
      ),
    );
  });
}

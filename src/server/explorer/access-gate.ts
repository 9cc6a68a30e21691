/**
 * Gate for explorers that serve raw collected logs (unredacted text): every request must carry
 * the operator token, as `Authorization: Bearer <token>` (scripts) or the HttpOnly cookie set
 * when a browser first opens any page with `?token=<token>` (then redirected without it, so the
 * token does not stay in the address bar or the history).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const COOKIE = 'wildchat_explorer';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function operatorTokenGate(token: string): MiddlewareHandler {
  const expected = digest(token);
  const matches = (candidate: string | undefined): boolean => candidate !== undefined && timingSafeEqual(digest(candidate), expected);
  return async (c, next) => {
    const url = new URL(c.req.url);
    const offered = url.searchParams.get('token') ?? undefined;
    if (offered !== undefined) {
      if (!matches(offered)) return c.json({ error: { code: 'unauthorized', message: 'wrong operator token' } }, 401);
      setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    const bearer = c.req.header('authorization')?.replace(/^Bearer\s+/iu, '');
    if (matches(bearer) || matches(getCookie(c, COOKIE))) return next();
    return c.json(
      {
        error: {
          code: 'unauthorized',
          message: 'this explorer serves raw collected logs: open it with ?token=<operator token> or send Authorization: Bearer <token>',
        },
      },
      401,
    );
  };
}

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EmulatorState, UserRecord } from './types';

/** The decoded token, field for field as published Cityworks tokens decode. */
interface TokenPayload {
  EmployeeSid: number;
  Expires: number | null;
  IssuedTime: number;
  LoginName: string;
  Signature: string;
  Token: string;
}

function sign(secret: string, p: Omit<TokenPayload, 'Signature'>): string {
  return createHmac('sha256', secret).update(`${p.EmployeeSid}|${p.Expires}|${p.IssuedTime}|${p.LoginName}|${p.Token}`).digest('base64');
}

/** `lifetimeMs` is the client's `Expires` (ms); without it the token lives for the emulator's TTL. */
export function issueToken(state: EmulatorState, user: UserRecord, lifetimeMs: number | undefined): string {
  // Strictly after tokensNotBefore, so a token issued in the same millisecond as a revocation still works.
  const issued = Math.max(Date.now(), state.tokensNotBefore + 1);
  const body = {
    EmployeeSid: user.EmployeeSid,
    Expires: lifetimeMs !== undefined && lifetimeMs > 0 ? issued + lifetimeMs : null,
    IssuedTime: issued,
    LoginName: user.LoginName.toUpperCase(),
    Token: randomUUID().replaceAll('-', ''),
  };
  const payload: TokenPayload = { ...body, Signature: sign(state.tokenSecret, body) };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

export function verifyToken(state: EmulatorState, token: string, defaultTtlMs: number): UserRecord | null {
  let p: TokenPayload;
  const bytes = Buffer.from(token, 'base64');
  // Node's base64 decoder skips junk; a token that is not exactly what we issued is not ours.
  if (bytes.toString('base64') !== token) return null;
  try {
    p = JSON.parse(bytes.toString('utf8')) as TokenPayload;
  } catch {
    return null;
  }
  if (typeof p !== 'object' || p === null || typeof p.Signature !== 'string') return null;
  const expected = Buffer.from(sign(state.tokenSecret, { EmployeeSid: p.EmployeeSid, Expires: p.Expires, IssuedTime: p.IssuedTime, LoginName: p.LoginName, Token: p.Token }));
  const given = Buffer.from(p.Signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (p.IssuedTime <= state.tokensNotBefore) return null;
  const expires = p.Expires ?? p.IssuedTime + defaultTtlMs;
  if (Date.now() >= expires) return null;
  const user = state.users.find((u) => u.EmployeeSid === p.EmployeeSid);
  return user?.IsActive ? user : null;
}

import { randomUUID } from 'node:crypto';
import type { RouteDef, ServiceCall } from '../context';
import { CityworksServiceError, CoreResponseStatus, ErrorCodes } from '../envelope';
import { employeeName } from '../records';
import { issueToken, verifyToken } from '../tokens';
import type { CityworksVersion, UserRecord } from '../types';

const SVC = 'Authentication';
const A = ErrorCodes.auth;

const loginError = (code: number, name: string, text: string): CityworksServiceError =>
  new CityworksServiceError(CoreResponseStatus.InvalidCredentials, code, name, text, SVC);

/** `DOMAIN/user` and `DOMAIN\user` name an AD account; a bare name a Cityworks (forms) account. */
export function findLogin(users: UserRecord[], loginName: string): UserRecord | undefined {
  const m = /^([^/\\]+)[/\\](.+)$/.exec(loginName.trim());
  const domain = m?.[1]?.toLowerCase() ?? '';
  const name = (m?.[2] ?? loginName.trim()).toLowerCase();
  return users.find((u) => u.LoginName.toLowerCase() === name && u.Domain.toLowerCase() === domain);
}

function authenticate(call: ServiceCall): { value: unknown } {
  const login = call.args.str('LoginName') ?? '';
  const password = call.args.str('Password') ?? '';
  const user = findLogin(call.store.state.users, login);
  if (!user) throw loginError(A.EmployeeNotFoundByLoginName, 'EmployeeNotFoundByLoginName', `No employee with login name ${login}`);
  const onlineSid = call.online ? call.onlineSessions.get(password) : undefined;
  if (onlineSid !== user.EmployeeSid && user.Password !== password) throw loginError(A.InvalidCredentials, 'InvalidCredentials', 'Invalid login name or password');
  if (!user.IsActive) throw loginError(A.InactiveUser, 'InactiveUser', 'The user is inactive');
  const token = issueToken(call.store.state, user, call.args.num('Expires'));
  return { value: { Token: token } };
}

function onlineAuthenticate(call: ServiceCall): { value: unknown } {
  const login = (call.args.str('LoginName') ?? '').toLowerCase();
  const user = call.store.state.users.find((u) => u.LoginName.toLowerCase() === login || u.Email.toLowerCase() === login);
  if (!user) throw loginError(A.EmployeeNotFoundByLoginName, 'EmployeeNotFoundByLoginName', `No account ${login}`);
  if (user.Password !== call.args.str('Password')) throw loginError(A.InvalidCredentials, 'InvalidCredentials', 'Invalid login name or password');
  if (!user.IsActive) throw loginError(A.InactiveUser, 'InactiveUser', 'The user is inactive');
  const token = Buffer.from(randomUUID()).toString('base64');
  call.onlineSessions.set(token, user.EmployeeSid);
  return { value: { Token: token } };
}

function userView(u: UserRecord): Record<string, unknown> {
  return {
    EmployeeSid: u.EmployeeSid, LoginName: u.LoginName, FirstName: u.FirstName, LastName: u.LastName, FullName: employeeName(u),
    Email: u.Email, DomainId: 1, IsActive: u.IsActive, Domain: u.Domain,
  };
}

const VERSION_STRINGS: Record<CityworksVersion, string> = {
  '2013': '2013.2.0.0', '2014': '2014.1.3.0', '2015': '2015.2.1.0', '15.0': '15.0.6.0', '15.8': '15.8.3.0', '23': '23.10.1.0',
};

function routesUnder(module: string, versions: readonly CityworksVersion[]): RouteDef[] {
  return [
    { path: `${module}/Authentication/Authenticate`, auth: false, versions, handler: authenticate },
    {
      path: `${module}/Authentication/Validate`, auth: false, versions,
      handler: (call) => ({ value: verifyToken(call.store.state, call.args.str('Token') ?? '', call.tokenTtlMs) !== null }),
    },
    {
      path: `${module}/Authentication/User`, auth: true, versions,
      handler: (call) => {
        const login = call.args.str('LoginName');
        const u = login ? findLogin(call.store.state.users, login) : call.user;
        if (!u) throw loginError(A.EmployeeNotFoundByLoginName, 'EmployeeNotFoundByLoginName', `No employee with login name ${login ?? ''}`);
        return { value: userView(u) };
      },
    },
    { path: `${module}/Authentication/Version`, auth: false, versions, handler: (call) => ({ value: VERSION_STRINGS[call.version] }) },
  ];
}

export const authenticationRoutes: RouteDef[] = [
  ...routesUnder('AMS', ['2013']),
  ...routesUnder('General', ['2014', '2015', '15.0', '15.8', '23']),
  { path: 'General/Authentication/ApiVersion', auth: false, versions: ['2014', '2015', '15.0', '15.8', '23'], handler: (call) => ({ value: VERSION_STRINGS[call.version] }) },
  { path: 'General/Authentication/CityworksOnlineAuthenticate', auth: false, onlineOnly: true, handler: onlineAuthenticate },
];

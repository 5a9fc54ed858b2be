/** The shapes the server answers, as the README documents them. */

export type Scope = 'ADMIN' | 'AUDITOR' | 'USER';

export interface SetupStatus {
  admin: boolean;
  ca: boolean;
  directory: boolean;
  settings: boolean;
  complete: boolean;
}

export interface LoginAnswer {
  access_token: string;
  expires_in: number;
  scope: Scope;
}

export interface CaDetails {
  certificate: string;
  caKeyId: string;
  subject: string;
  notAfter: string;
  notBefore?: string;
  serial?: string;
}

export interface Settings {
  deviceLifetimeDays: number;
  userLifetimeDays: number;
  crlLifetimeMinutes: number;
  corsOrigin: string;
  publicUrl: string;
}

export interface UserSummary {
  username: string;
  displayName: string;
  status: string;
  source?: string;
  jamiId?: string;
}

export interface UserPage {
  users: UserSummary[];
  page: number;
  size: number;
  total: number;
  totalExact?: boolean;
}

export interface UserDetail extends UserSummary {
  jamiId: string;
  accountCertificatePem: string;
  accountSerial: string;
  certificateNotAfter: string;
  registeredAt: string;
  revokedAt: string | null;
}

export interface Device {
  deviceId: string;
  name: string;
  serial: string;
  status: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt?: string | null;
  revokeReason?: string | null;
  namesOcsp: boolean;
  username: string;
}

export interface TrailEntry {
  sequence: number;
  time: string;
  type: string;
  actor: string | null;
  source: string | null;
  userAgent: string | null;
  authMethod: string | null;
  correlationId: string | null;
  traceId: string | null;
  data: Record<string, unknown>;
}

export interface EventPage {
  events: TrailEntry[];
  page: number;
  size: number;
  hasMore: boolean;
}

export interface Verification {
  valid: boolean;
  checkedEvents: number;
  firstBrokenSequence: number | null;
  reason: string | null;
  coveredFrom: number | null;
  coveredTo: number | null;
  lastCheckpoint: Record<string, unknown> | null;
}

/** One CRL an issuer published (GET /api/audit/crls). */
export interface CrlPublication {
  number: string | number;
  thisUpdate: string;
  nextUpdate: string;
  entries: number;
  sha256: string;
}

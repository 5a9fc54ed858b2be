import type { TrailEntry } from '../../api/types';

/** What each stored event means, in words an admin reads in a timeline. */
const DESCRIPTIONS: Record<string, string> = {
  AccessRefusedEvent: 'Access refused',
  AccountLockedEvent: 'Account locked after failed passwords',
  AccountUnlockedEvent: 'Account unlocked',
  AdminAccountCreatedEvent: 'Admin account created',
  AuditorAccountCreatedEvent: 'Auditor account created',
  BlueprintAttachedEvent: 'Blueprint attached to a group',
  BlueprintDetachedEvent: 'Blueprint detached from a group',
  BlueprintVersionCreatedEvent: 'Blueprint version saved',
  ContactsSyncedEvent: 'Contacts synchronised',
  ConversationsSyncedEvent: 'Conversations synchronised',
  CrlPublishedEvent: 'CRL published',
  DefaultBlueprintSetEvent: 'Default blueprint set',
  DeviceCertificateIssuedEvent: 'Device enrolled: certificate issued',
  DeviceCertificatesSupersededEvent: 'Older certificates superseded by a renewal',
  DeviceLoggedInEvent: 'Device signed in',
  DeviceRevokedEvent: 'Device revoked',
  DirectoryConfiguredEvent: 'User source set',
  DirectoryProfileChangedEvent: 'Profile changed in the directory',
  ExternalDirectoryConfiguredEvent: 'Directory settings saved',
  GroupCreatedEvent: 'Group created',
  GroupDeletedEvent: 'Group deleted',
  GroupMemberAddedEvent: 'Added to a group',
  GroupMemberRemovedEvent: 'Removed from a group',
  GroupRenamedEvent: 'Group renamed',
  OrganisationCaConfiguredEvent: 'Organisation CA set',
  PasswordLoginSucceededEvent: 'Signed in with a password',
  PolicyDeliveredEvent: 'Received client settings (blueprint)',
  ServerSettingsChangedEvent: 'Server settings changed',
  UserDisabledEvent: 'Person disabled',
  UserEnabledEvent: 'Person enabled again',
  UserRegisteredEvent: 'Person registered',
  UserRevokedEvent: 'Person revoked',
};

export const EVENT_TYPES = Object.keys(DESCRIPTIONS);

export function describe(entry: Pick<TrailEntry, 'type'>): string {
  return DESCRIPTIONS[entry.type] ?? entry.type.replace(/Event$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** The details a timeline shows beside the description: serial, reason, device name, versions received. */
export function highlights(entry: TrailEntry): Array<[string, string]> {
  const data = entry.data ?? {};
  const shown: Array<[string, string]> = [];
  const text = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));
  for (const [key, label] of [
    ['deviceName', 'Device'],
    ['serial', 'Serial'],
    ['serials', 'Serials'],
    ['reason', 'Reason'],
    ['versions', 'Blueprint versions'],
  ] as const) {
    const value = data[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const versions = Object.entries(value as Record<string, unknown>).map(([name, v]) => `${name} v${String(v)}`);
      shown.push([label, versions.length ? versions.join(', ') : 'none']);
    } else {
      shown.push([label, text(value)]);
    }
  }
  return shown;
}

/** Who did it, in words: "admin:it-admin" → "admin it-admin". */
export function actorName(actor: string | null): string {
  if (!actor) return 'the server';
  const [kind, name] = actor.split(':', 2);
  return name ? `${kind} ${name}` : actor;
}

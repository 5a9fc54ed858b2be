import { Alert, Button, Group, NumberInput, PasswordInput, SegmentedControl, Stack, Switch, Text, Textarea, TextInput }
  from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { formErrors, NO_ERRORS, type FormErrors } from '../../api/forms';
import { ErrorAlert } from '../../components/Common';
import { useSession } from '../../session/Session';

type Kind = 'local' | 'ldap' | 'ad';

interface TestAnswer {
  ok: boolean;
  peopleFound?: number;
  failure?: string;
  message?: string;
}

const FIELDS = ['url', 'bindDn', 'bindPassword', 'userBaseDn', 'userFilter', 'groupBaseDn', 'trustedCertificate',
  'host', 'port', 'domain'];

/** Where people come from: this server's own list, an LDAP server or Active Directory, with a connection test. */
export function DirectoryStep({ existing, onDone }: { existing: boolean; onDone(): void }) {
  const { api } = useSession();
  const [kind, setKind] = useState<Kind>('local');
  const [values, setValues] = useState<Record<string, string>>({
    url: 'ldaps://', userFilter: '(uid={0})', port: '636', bindDn: '', bindPassword: '', userBaseDn: '',
    groupBaseDn: '', trustedCertificate: '', host: '', domain: '',
  });
  const [startTls, setStartTls] = useState(false);
  const [ssl, setSsl] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [tested, setTested] = useState<TestAnswer>();
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);

  const field = (name: string) => ({
    value: values[name] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [name]: value }));
    },
    error: errors.fields[name],
  });

  function body(): Record<string, unknown> {
    const optional = (name: string) => (values[name] ? values[name] : undefined);
    if (kind === 'ldap') {
      return {
        type: 'ldap', url: values.url, startTls, bindDn: values.bindDn, bindPassword: values.bindPassword,
        userBaseDn: values.userBaseDn, userFilter: values.userFilter, groupBaseDn: optional('groupBaseDn'),
        trustedCertificate: optional('trustedCertificate'),
      };
    }
    if (kind === 'ad') {
      return {
        type: 'ad', host: values.host, port: Number(values.port), ssl, domain: values.domain, bindDn: values.bindDn,
        bindPassword: values.bindPassword, userBaseDn: optional('userBaseDn'),
        trustedCertificate: optional('trustedCertificate'),
      };
    }
    return { type: 'local' };
  }

  async function test() {
    setBusy('test');
    setErrors(NO_ERRORS);
    setTested(undefined);
    try {
      setTested(await api.post<TestAnswer>('/api/setup/directory/test', body()));
    } catch (failure) {
      setErrors(formErrors(failure, FIELDS));
    } finally {
      setBusy(null);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy('save');
    setErrors(NO_ERRORS);
    try {
      await api.post('/api/setup/directory', body());
      onDone();
    } catch (failure) {
      setErrors(formErrors(failure, FIELDS));
    } finally {
      setBusy(null);
    }
  }

  return (
    <form onSubmit={save} noValidate>
      <Stack mt="md">
        {existing && <Alert color="blue">A user source is set already; saving replaces it.</Alert>}
        <SegmentedControl value={kind} onChange={(v) => { setKind(v as Kind); setTested(undefined); }}
          aria-label="User source" data={[
            { value: 'local', label: 'Local' }, { value: 'ldap', label: 'LDAP' },
            { value: 'ad', label: 'Active Directory' }]} />
        {kind === 'local' && (
          <Text size="sm">People are created here by admins, with a password this server keeps (hashed).</Text>
        )}
        {kind === 'ldap' && (
          <>
            <TextInput label="Server URL" placeholder="ldaps://ldap.example.org:636" required {...field('url')} />
            <Switch label="StartTLS on ldap://" checked={startTls} onChange={(e) => setStartTls(e.currentTarget.checked)} />
          </>
        )}
        {kind === 'ad' && (
          <>
            <Group grow align="flex-start">
              <TextInput label="Host" placeholder="dc1.example.org" required {...field('host')} />
              <NumberInput label="Port" min={1} max={65535} required value={values.port}
                onChange={(v) => setValues((s) => ({ ...s, port: String(v) }))} error={errors.fields.port} />
            </Group>
            <Switch label="LDAPS (TLS)" checked={ssl} onChange={(e) => setSsl(e.currentTarget.checked)} />
            <TextInput label="Domain" placeholder="EXAMPLE" required {...field('domain')} />
          </>
        )}
        {kind !== 'local' && (
          <>
            <TextInput label="Read-only account (bind DN)" required {...field('bindDn')} />
            <PasswordInput label="Its password" required autoComplete="off" {...field('bindPassword')} />
            <TextInput label="Base DN of people" required={kind === 'ldap'} {...field('userBaseDn')} />
            {kind === 'ldap' && (
              <>
                <TextInput label="User filter ({0} is the username)" {...field('userFilter')} />
                <TextInput label="Base DN of groups (optional)" {...field('groupBaseDn')} />
              </>
            )}
            <Textarea label="CA certificate to trust (PEM, optional)" autosize minRows={2} maxRows={8}
              styles={{ input: { fontFamily: 'monospace' } }} {...field('trustedCertificate')} />
            {tested && (
              <Alert color={tested.ok ? 'green' : 'red'} role="status" title={tested.ok ? 'Connection works' : 'Test failed'}>
                {tested.ok ? `${tested.peopleFound ?? 0} people match the filter.` : `${tested.message} (${tested.failure})`}
              </Alert>
            )}
          </>
        )}
        <ErrorAlert error={errors.general} />
        <Group>
          {kind !== 'local' && (
            <Button variant="default" onClick={test} loading={busy === 'test'}>Test connection</Button>
          )}
          <Button type="submit" loading={busy === 'save'}>Save and continue</Button>
        </Group>
      </Stack>
    </form>
  );
}

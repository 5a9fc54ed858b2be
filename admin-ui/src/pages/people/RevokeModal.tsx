import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSubmit } from '../../api/useSubmit';
import { ErrorAlert } from '../../components/Common';

const REASONS = ['lost', 'stolen', 'compromised', 'left the organisation', 'replaced'];

/** Asks for the reason (kept in the history) and confirms a revocation, which cannot be undone. */
export function RevokeModal({ opened, title, what, onClose, revoke }: {
  opened: boolean;
  title: string;
  what: string;
  onClose(): void;
  revoke(reason: string): Promise<unknown>;
}) {
  const [reason, setReason] = useState<string | null>(REASONS[0]);
  const [other, setOther] = useState('');
  const { errors, busy, submit: run } = useSubmit(['reason']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run(() => revoke(reason === 'other' ? other : reason ?? ''))) onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{what} This cannot be undone: a revoked certificate stays revoked.</Text>
          <Select label="Reason" data={[...REASONS, { value: 'other', label: 'another reason…' }]} value={reason}
            onChange={setReason} allowDeselect={false} error={reason !== 'other' ? errors.fields.reason : undefined} />
          {reason === 'other' && (
            <TextInput label="The reason" required value={other} onChange={(e) => setOther(e.currentTarget.value)}
              error={errors.fields.reason} />
          )}
          <ErrorAlert error={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" color="red" loading={busy}>Revoke</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

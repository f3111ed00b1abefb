import { Form, Input } from 'antd';
import { writeTechnicianNotes } from '../../api/services';
import { FormModal } from '../../components/FormModal';
import { useI18n } from '../../i18n/I18nProvider';
import { useServiceChange } from '../services/queries';
import type { ModalProps } from '../services/ServiceActionModals';

/** Rewrites the technician's notes on a job (an empty text clears them). */
export function NotesModal({ service, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const save = useServiceChange((notes: string) => writeTechnicianNotes(service, notes));
  return (
    <FormModal<{ technician_notes?: string }>
      title={t('myJobs.notesTitle', { title: service.title })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      fields={['technician_notes']}
      initialValues={{ technician_notes: service.technician_notes }}
      onSubmit={async ({ technician_notes = '' }) => {
        await save.mutateAsync(technician_notes.trim());
        onDone(t('myJobs.notesSaved'));
      }}
      onClose={onClose}
    >
      <Form.Item name="technician_notes" label={t('services.technicianNotes')}>
        <Input.TextArea rows={6} />
      </Form.Item>
    </FormModal>
  );
}

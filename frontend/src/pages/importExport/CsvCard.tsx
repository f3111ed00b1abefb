import { useRef, useState } from 'react';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Progress, Table, Typography } from 'antd';
import type { BulkOutcome, RowErrors } from '../../api/types';
import { errorMessage } from '../../feedback/errorMessage';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { saveBlob } from './download';

/** Import (CSV upload with progress and the per-row report) and export of one resource. */
export function CsvCard({
  title,
  columnsHelp,
  fileName,
  root,
  importCsv,
  exportCsv,
}: {
  title: string;
  columnsHelp: string;
  fileName: string;
  root: string;
  importCsv: (csv: string, onProgress: (fraction: number) => void) => Promise<BulkOutcome>;
  exportCsv: () => Promise<Blob>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<BulkOutcome | null>(null);
  const [exporting, setExporting] = useState(false);

  async function upload(file: File) {
    if (!file.name.toLowerCase().endsWith('.csv') && file.type !== 'text/csv') {
      message.error(t('importExport.onlyCsv'));
      return;
    }
    setReport(null);
    setProgress(0);
    try {
      setReport(await importCsv(await file.text(), setProgress));
      await invalidate(root);
    } catch (error) {
      message.error(errorMessage(error, t));
    } finally {
      setProgress(null);
    }
  }

  async function download() {
    setExporting(true);
    try {
      saveBlob(await exportCsv(), fileName);
    } catch (error) {
      message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Card title={title}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{columnsHelp}</Typography.Text>
        <Flex gap={8} wrap>
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv"
            aria-label={`${t('importExport.import')} (${title})`}
            style={{ display: 'none' }}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file !== undefined) void upload(file);
            }}
          />
          <Button type="primary" icon={<UploadOutlined />} disabled={progress !== null} onClick={() => input.current?.click()}>
            {t('importExport.import')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void download()}>
            {t('importExport.export')}
          </Button>
        </Flex>
        {progress !== null && <Progress percent={Math.round(progress * 100)} aria-label={t('importExport.import')} />}
        {report !== null && <ImportReport report={report} />}
      </Flex>
    </Card>
  );
}

/** What an import created and which rows it refused, with their field errors. */
export function ImportReport({ report }: { report: BulkOutcome }) {
  const { t } = useI18n();
  return (
    <>
      <Alert
        type={report.errors.length === 0 ? 'success' : 'warning'}
        showIcon
        message={t('importExport.report', { created: report.created.length, failed: report.errors.length })}
      />
      {report.errors.length > 0 && (
        <Table<RowErrors>
          rowKey="row"
          size="small"
          pagination={false}
          dataSource={[...report.errors]}
          columns={[
            { key: 'row', dataIndex: 'row', title: t('importExport.row'), width: 80 },
            {
              key: 'errors',
              title: t('importExport.errors'),
              render: (_, row) => row.errors.map((error) => `${error.field}: ${error.message}`).join(' · '),
            },
          ]}
        />
      )}
    </>
  );
}

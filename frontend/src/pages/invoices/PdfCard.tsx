import { useRef, useState } from 'react';
import { DownloadOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Progress, Typography } from 'antd';
import { fetchInvoiceDownload, generateInvoicePdf, MAX_PDF_BYTES, PdfNotAttached, uploadInvoicePdf } from '../../api/invoices';
import type { Invoice } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { canChangePdf } from './invoiceActions';
import { useInvoiceChange } from './queries';

/** The invoice's PDF: what is stored; upload (with progress) or generate; download. */
export function PdfCard({ invoice }: { invoice: Invoice }) {
  const { t } = useI18n();
  const format = useFormat();
  const { message } = App.useApp();
  const isStaff = useIsStaff();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const upload = useInvoiceChange((file: File) => uploadInvoicePdf(invoice.id, file, setProgress));
  const generate = useInvoiceChange(() => generateInvoicePdf(invoice.id));
  const [downloading, setDownloading] = useState(false);
  const pdf = invoice.pdf;

  async function send(file: File) {
    if (file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) {
      message.error(t('invoices.onlyPdf'));
      return;
    }
    if (file.size > MAX_PDF_BYTES) {
      message.error(t('invoices.tooLarge'));
      return;
    }
    setProgress(0);
    try {
      await upload.mutateAsync(file);
      message.success(t('invoices.uploaded'));
    } catch (error) {
      message.error(error instanceof PdfNotAttached ? t('invoices.notAccepted') : errorMessage(error, t));
    } finally {
      setProgress(null);
    }
  }

  async function runGenerate() {
    try {
      await generate.mutateAsync(undefined);
      message.success(t('invoices.generated'));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  async function download() {
    setDownloading(true);
    try {
      const { url } = await fetchInvoiceDownload(invoice.id);
      window.open(url, '_blank', 'noopener');
    } catch (error) {
      message.error(errorMessage(error, t));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <Card title={t('invoices.pdf')}>
      <Flex vertical gap={12}>
        <Typography.Text>
          <FilePdfOutlined />{' '}
          {pdf == null
            ? t('invoices.noPdf')
            : t('invoices.pdfInfo', {
                size: Math.max(1, Math.round(pdf.size / 1024)),
                source: t(`invoices.pdfSource.${pdf.source}`),
                date: format.dateTime(pdf.uploaded_at),
              })}
        </Typography.Text>
        {progress !== null && <Progress percent={Math.round(progress * 100)} aria-label={t('invoices.uploadPdf')} />}
        <Flex gap={8} wrap>
          {pdf != null && (
            <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void download()}>
              {t('invoices.download')}
            </Button>
          )}
          {isStaff && canChangePdf(invoice.status) && (
            <>
              <input
                ref={input}
                type="file"
                accept="application/pdf,.pdf"
                aria-label={t('invoices.uploadPdf')}
                style={{ display: 'none' }}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = '';
                  if (file !== undefined) void send(file);
                }}
              />
              <Button icon={<UploadOutlined />} disabled={progress !== null} onClick={() => input.current?.click()}>
                {t('invoices.uploadPdf')}
              </Button>
              <Button loading={generate.isPending} onClick={() => void runGenerate()}>
                {t('invoices.generatePdf')}
              </Button>
            </>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

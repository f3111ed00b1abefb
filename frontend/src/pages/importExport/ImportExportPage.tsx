import { Col, Row } from 'antd';
import { exportCarsCsv, importCarsCsv } from '../../api/cars';
import { exportCustomersCsv, importCustomersCsv } from '../../api/customers';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/I18nProvider';
import { CsvCard } from './CsvCard';

/** Bulk import and export of customers and cars as CSV (admin). */
export function ImportExportPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('importExport.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <CsvCard
            title={t('importExport.customers')}
            columnsHelp={t('importExport.customersColumns')}
            fileName="customers.csv"
            root="customers"
            importCsv={importCustomersCsv}
            exportCsv={exportCustomersCsv}
          />
        </Col>
        <Col xs={24} xl={12}>
          <CsvCard
            title={t('importExport.cars')}
            columnsHelp={t('importExport.carsColumns')}
            fileName="cars.csv"
            root="cars"
            importCsv={importCarsCsv}
            exportCsv={exportCarsCsv}
          />
        </Col>
      </Row>
    </>
  );
}

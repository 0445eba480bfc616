import type { MatrixFilters } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, matrixExportUrl } from './matrixApi.ts';

/** Plain download links: the server builds the file from the same filters as the page. */
export function ExportLinks({ consultationId, filters }: { consultationId: string; filters: MatrixFilters }) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <div className="matrix-export">
      <span id={labelId} className="matrix-export-label">
        {t('matrix.export.label')}
      </span>
      <ul aria-labelledby={labelId}>
        {EXPORT_FORMATS.map((format) => {
          const name = t(`matrix.export.${format}`);
          return (
            <li key={format}>
              <a
                className="matrix-export-link"
                href={matrixExportUrl(consultationId, format, filters)}
                download
                aria-label={t('matrix.export.linkLabel', { format: name })}
              >
                {name}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

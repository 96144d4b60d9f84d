/**
 * Importer le stock (supervisors): choose the location and the file, check the columns,
 * see what the import will do, import. Each step is its own component; this one holds
 * where the user is, and goes back to the start for another file.
 */
import { useState } from 'preact/hooks';
import type { ImportFileInfo, ImportPreviewDto, ImportResult } from '../../../core/import/preview';
import { hrefOf } from '../../router';
import { ChooseFile } from './ChooseFile';
import { ImportHistory } from './ImportHistory';
import { MappingForm } from './MappingForm';
import { t } from './messages';
import { PreviewView } from './PreviewView';

type Step =
  | { readonly name: 'choose' }
  | { readonly name: 'mapping'; readonly info: ImportFileInfo }
  | { readonly name: 'preview'; readonly info: ImportFileInfo; readonly preview: ImportPreviewDto }
  | { readonly name: 'done'; readonly result: ImportResult };

export function ImportStock() {
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [imports, setImports] = useState(0);
  return (
    <main class="narrow">
      <p>
        <a href={hrefOf({ name: 'inventories' })}>{t('back')}</a>
      </p>
      <h1>{t('title')}</h1>
      <p class="muted">{t('intro')}</p>
      {step.name === 'choose' && <ChooseFile onSent={(info) => setStep({ name: 'mapping', info })} />}
      {(step.name === 'mapping' || step.name === 'preview') && (
        <MappingForm
          key={step.info.id}
          info={step.info}
          onPreview={(preview) => setStep({ name: 'preview', info: step.info, preview })}
        />
      )}
      {step.name === 'preview' && (
        <PreviewView
          key={step.preview.token}
          id={step.info.id}
          preview={step.preview}
          onDone={(result) => {
            setStep({ name: 'done', result });
            setImports((n) => n + 1);
          }}
        />
      )}
      {step.name === 'done' && (
        <section class="card">
          <p class="notice" role="status">
            {t('done', { n: step.result.movements })}
          </p>
          <button type="button" onClick={() => setStep({ name: 'choose' })}>
            {t('another')}
          </button>
        </section>
      )}
      <ImportHistory refresh={imports} />
    </main>
  );
}

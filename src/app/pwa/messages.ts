// The words of the update banner and the storage line, in both languages, so a counter who
// switched the app to English is not asked in French to reload mid-count.
import { messages } from '../i18n';

export const t = messages(
  {
    'update.ready': "Nouvelle version disponible — elle s'installera quand vous rechargerez.",
    'update.reload': 'Recharger',
    'update.later': 'Plus tard',
    'storage.persisted': 'Stockage : {used} utilisés sur {quota} (persistant)',
    'storage.notPersisted': 'Stockage : {used} utilisés sur {quota} (non persistant)',
    'bytes.B': '{n} o',
    'bytes.kB': '{n} ko',
    'bytes.MB': '{n} Mo',
    'bytes.GB': '{n} Go',
    'bytes.TB': '{n} To',
  },
  {
    'update.ready': 'New version available — it will be installed when you reload.',
    'update.reload': 'Reload',
    'update.later': 'Later',
    'storage.persisted': 'Storage: {used} used of {quota} (persistent)',
    'storage.notPersisted': 'Storage: {used} used of {quota} (not persistent)',
    'bytes.B': '{n} B',
    'bytes.kB': '{n} kB',
    'bytes.MB': '{n} MB',
    'bytes.GB': '{n} GB',
    'bytes.TB': '{n} TB',
  },
);

/** The recap's own words (headings with units and €, read-only, the ZIPs), French and English. */
import { messages } from '../../i18n';

export const t = messages(
  {
    quantity: 'Quantité',
    valueEur: 'Valeur (€)',
    differenceEur: 'Écart (€)',
    readOnly: 'Lecture seule : le superviseur confirme l’inventaire.',
    zipFiles: 'Fichiers ZIP',
  },
  {
    quantity: 'Quantity',
    valueEur: 'Value (€)',
    differenceEur: 'Difference (€)',
    readOnly: 'Read only: the supervisor confirms the inventory.',
    zipFiles: 'ZIP files',
  },
);

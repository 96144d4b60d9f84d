/** The words of the count screen's one-hand layout (menu, bottom bar, line sheet), French and English. */
import { messages } from '../../i18n';

export const t = messages(
  {
    menu: 'Menu',
    searchShort: 'Rechercher',
    linesOf: 'Lignes de {name} ({location})',
    scanShort: 'Scanner',
    stopShort: 'Arrêter',
    undoShort: 'Annuler',
    quantityModeOn: 'Mode quantité',
    pickLine: 'Touchez une ligne pour saisir sa quantité.',
    unit: 'Unité',
    lastCount: 'Dernière saisie',
  },
  {
    menu: 'Menu',
    searchShort: 'Search',
    linesOf: 'Lines of {name} ({location})',
    scanShort: 'Scan',
    stopShort: 'Stop',
    undoShort: 'Undo',
    quantityModeOn: 'Quantity mode',
    pickLine: 'Tap a line to type its quantity.',
    unit: 'Unit',
    lastCount: 'Last entry',
  },
);

/**
 * Errors are values with a code all the way to here, the UI edge, where they become words
 * in the user's language. An unknown code falls back to the server's own (English) message
 * rather than to nothing.
 */
import type { DomainError } from '../../core/errors';
import { messages } from './index';

const t = messages(
  {
    offline: 'Serveur injoignable : vérifiez le réseau. Rien de ce qui est compté n’est perdu.',
    unauthorized: 'Votre session a expiré : reconnectez-vous. Les comptages restent sur l’appareil.',
    unauthenticated: 'Votre session a expiré : reconnectez-vous. Les comptages restent sur l’appareil.',
    invalid_credentials: 'Identifiant ou mot de passe incorrect.',
    too_many_attempts: 'Trop de tentatives : réessayez dans quelques minutes.',
    forbidden: 'Votre rôle ne permet pas cette action.',
    location_already_counted: 'Ce lieu est déjà en cours d’inventaire ({name}). Un seul inventaire par lieu à la fois.',
    location_frozen: 'Ce lieu est bloqué par un inventaire en cours.',
    not_counting: 'Cet inventaire n’est plus en cours de comptage.',
    invalid_transition: 'Action impossible dans l’état actuel de l’inventaire.',
    not_found: 'Introuvable (supprimé ou mauvais numéro).',
    serial_counted_twice: 'Un numéro de série est compté deux fois : faites recompter avant de confirmer.',
    designation_required: 'Référence inconnue : indiquez sa désignation pour la créer.',
    lot_required: 'Cet article est suivi par lot : indiquez le lot.',
    serial_required: 'Cet article est suivi par numéro de série : indiquez le numéro.',
    wrong_kind: 'Cet article n’est pas du type compté par cet inventaire.',
    item_required: 'Indiquez la référence ou le code-barres.',
    ref_required_offline: 'Hors ligne : indiquez la référence (ce code-barres n’est pas dans la liste).',
    unknown_line: 'Ligne inconnue de cet inventaire.',
    unknown_round: 'Ce recomptage n’existe pas sur le serveur : actualisez la liste et recomptez.',
    recount_open: 'Un recomptage est déjà demandé et pas encore fait.',
    invalid_threshold: 'Seuil de recomptage invalide : un pourcentage ou un montant supérieur à 0.',
    not_editable: 'Ce réglage ne se modifie plus une fois l’inventaire appliqué ou annulé.',
    unknown_bin: 'Emplacement inconnu de ce lieu.',
    empty_quantity: 'Saisissez une quantité.',
    negative_quantity: 'Une quantité comptée ne peut pas être négative.',
    not_a_number: 'Ce n’est pas un nombre.',
    whole_quantity: 'Cette unité se compte en nombres entiers.',
    invalid_quantity: 'Quantité invalide.',
    serial_quantity: 'Un numéro de série se compte 0 ou 1.',
    quota_exceeded: 'Mémoire de l’appareil pleine : libérez de la place (anciens inventaires). Rien n’a été perdu.',
    download_failed: 'Le téléchargement du ZIP a été bloqué par le navigateur. Il reste sur l’appareil : réessayez.',
    blind_snapshot: 'Ce ZIP ne peut être fait que depuis l’appareil d’un superviseur.',
    not_applied: 'L’inventaire n’est pas encore confirmé.',
    server_error: 'Erreur du serveur. Réessayez ; rien n’est perdu.',
    unknown: 'Erreur : {message}',
  },
  {
    offline: 'The server cannot be reached: check the network. Nothing counted is lost.',
    unauthorized: 'Your session has expired: log in again. Counts stay on the device.',
    unauthenticated: 'Your session has expired: log in again. Counts stay on the device.',
    invalid_credentials: 'Wrong username or password.',
    too_many_attempts: 'Too many attempts: try again in a few minutes.',
    forbidden: 'Your role does not allow this.',
    location_already_counted: 'This location is already being counted ({name}). One inventory per location at a time.',
    location_frozen: 'This location is locked by an inventory in progress.',
    not_counting: 'This inventory is no longer being counted.',
    invalid_transition: 'Not possible in the inventory’s current state.',
    not_found: 'Not found (deleted or wrong number).',
    serial_counted_twice: 'A serial number is counted twice: have it recounted before confirming.',
    designation_required: 'Unknown reference: give its designation to create it.',
    lot_required: 'This item is lot-tracked: give the lot.',
    serial_required: 'This item is serial-tracked: give the serial number.',
    wrong_kind: 'This item is not of the kind this inventory counts.',
    item_required: 'Give the reference or the barcode.',
    ref_required_offline: 'Offline: give the reference (this barcode is not in the list).',
    unknown_line: 'This line is not in the inventory.',
    unknown_round: 'The server has no such recount: refresh the list and count again.',
    recount_open: 'A recount is already requested and not done yet.',
    invalid_threshold: 'Invalid recount threshold: a percentage or an amount above 0.',
    not_editable: 'This setting cannot change once the inventory is applied or cancelled.',
    unknown_bin: 'This bin is not in the location.',
    empty_quantity: 'Type a quantity.',
    negative_quantity: 'A counted quantity cannot be negative.',
    not_a_number: 'That is not a number.',
    whole_quantity: 'This unit is counted in whole numbers.',
    invalid_quantity: 'Invalid quantity.',
    serial_quantity: 'A serial number counts 0 or 1.',
    quota_exceeded: 'The device storage is full: free some space (old inventories). Nothing was lost.',
    download_failed: 'The browser blocked the ZIP download. It stays on the device: try again.',
    blind_snapshot: 'This ZIP can only be made on a supervisor’s device.',
    not_applied: 'The inventory is not confirmed yet.',
    server_error: 'Server error. Try again; nothing is lost.',
    unknown: 'Error: {message}',
  },
);

export function errorText(error: Pick<DomainError<string>, 'code' | 'message' | 'details'>): string {
  const nested = (error.details?.details ?? error.details) as Record<string, unknown> | undefined;
  const name = typeof nested?.inventoryName === 'string' ? `« ${nested.inventoryName} »` : '';
  const code = error.code === 'too_many_requests' ? 'too_many_attempts' : error.code;
  return t.has(code) ? t(code, { name, message: error.message }) : t('unknown', { message: error.message });
}

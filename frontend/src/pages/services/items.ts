import type { ItemType, ServiceItem } from '../../api/types';
import { compareDecimals, isDecimal, multiplyRounded, sumDecimals } from '../../format/decimal';
import { localizeDecimal, readDecimal } from '../../format/decimalInput';
import type { Locale } from '../../i18n/messages';

/** A line of the items editor as typed: decimals are still text. */
export interface ItemDraft {
  item_type: ItemType;
  name: string;
  quantity: string;
  unit_price: string;
}

/** A blank new line. */
export const EMPTY_DRAFT: ItemDraft = { item_type: 'part', name: '', quantity: '1', unit_price: '' };

/** The editable fields of a stored item, its decimals written as the language writes them. */
export function draftOf(item: ServiceItem, locale: Locale): ItemDraft {
  return {
    item_type: item.item_type,
    name: item.name,
    quantity: localizeDecimal(item.quantity, locale),
    unit_price: localizeDecimal(item.unit_price, locale),
  };
}

/** A decimal as typed (a decimal comma, Arabic digits), in the API's form. */
export function normalizeDecimal(text: string): string {
  return readDecimal(text);
}

/** Whether a draft can be sent: a name, a quantity above 0 and a price not below 0. */
export function isCompleteDraft(draft: ItemDraft): boolean {
  const quantity = normalizeDecimal(draft.quantity);
  const price = normalizeDecimal(draft.unit_price);
  return (
    draft.name.trim() !== '' &&
    isDecimal(quantity) &&
    compareDecimals(quantity, '0') > 0 &&
    isDecimal(price) &&
    compareDecimals(price, '0') >= 0
  );
}

/** `quantity × unit_price` rounded as the server rounds it, or null while either is not a number. */
export function draftTotal(draft: ItemDraft, scale: number): string | null {
  const quantity = normalizeDecimal(draft.quantity);
  const price = normalizeDecimal(draft.unit_price);
  if (!isDecimal(quantity) || !isDecimal(price)) return null;
  return multiplyRounded(quantity, price, scale);
}

/** The sum of the line totals, or null while a line has no total. */
export function draftsSubtotal(drafts: readonly ItemDraft[], scale: number): string | null {
  const totals = drafts.map((draft) => draftTotal(draft, scale));
  if (totals.some((total) => total === null)) return null;
  return sumDecimals(totals.filter((total): total is string => total !== null), scale);
}

/** The fields of `draft` that differ from `item`, in the API's form. */
export function changedFields(item: ServiceItem, draft: ItemDraft): Partial<ItemDraft> {
  const changes: Partial<ItemDraft> = {};
  if (draft.item_type !== item.item_type) changes.item_type = draft.item_type;
  if (draft.name.trim() !== item.name) changes.name = draft.name.trim();
  const quantity = normalizeDecimal(draft.quantity);
  if (!isDecimal(quantity) || compareDecimals(quantity, item.quantity) !== 0) changes.quantity = quantity;
  const price = normalizeDecimal(draft.unit_price);
  if (!isDecimal(price) || compareDecimals(price, item.unit_price) !== 0) changes.unit_price = price;
  return changes;
}

/** Taller than Ant Design's large buttons: easy to hit on a tablet, with gloves on. */
export const TOUCH_TARGET = { minHeight: 52, paddingInline: 20 };

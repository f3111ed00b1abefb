import type { ReactNode } from 'react';

/**
 * Text that is always written left to right (a phone number, an e-mail address), isolated
 * from the Arabic around it: without it, "+21698123456" would show as "21698123456+".
 */
export function LtrText({ children }: { children: ReactNode }) {
  return <bdi dir="ltr">{children}</bdi>;
}

import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

// jsdom has no layout engine: Ant Design's responsive grid asks matchMedia, which
// jsdom lacks, so every media query reports "no match" (a desktop-sized screen).
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

// jsdom does not compute styles of pseudo-elements (Ant Design measures scrollbars
// with one) and logs "Not implemented"; the element's own style is a fine stand-in.
const elementStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => elementStyle(element);

// The first render of Ant Design under jsdom can take seconds on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

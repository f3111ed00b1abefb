import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../api/session';
import { jsonResponse, mockFetch } from '../test/fetchMock';
import { isMenuCount } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { setupUser } from '../test/user';
import { testUser } from '../test/users';

/** A server with a restorable staff session and an empty customer list. */
function staffSession() {
  mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, testUser('staff'));
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [], next_cursor: null });
    return undefined;
  });
}

/** The browser's preferred languages, as `navigator.languages` gives them. */
function browserLanguages(languages: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
}

const html = () => document.documentElement;

beforeEach(() => {
  setAccessToken(null);
  // What an earlier test left on <html> must not make this one pass.
  html().removeAttribute('dir');
  html().removeAttribute('lang');
});

describe('language', () => {
  it('turns the page right to left in Arabic, and back to left to right in French', async () => {
    staffSession();
    renderApp('/customers');
    const user = setupUser();
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();
    expect(html()).toHaveAttribute('dir', 'ltr');
    expect(html()).toHaveAttribute('lang', 'fr');

    await user.click(screen.getByRole('combobox', { name: 'Langue' }));
    await user.click(await screen.findByTitle('العربية'));

    expect(await screen.findByRole('heading', { name: 'الحرفاء' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /حريف جديد/ })).toBeInTheDocument();
    expect(html()).toHaveAttribute('dir', 'rtl');
    expect(html()).toHaveAttribute('lang', 'ar');
    // Ant Design lays its own components out right to left too.
    expect(document.querySelector('.ant-layout-rtl')).not.toBeNull();

    await user.click(screen.getByRole('combobox', { name: 'اللغة' }));
    await user.click(await screen.findByTitle('Français'));

    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();
    expect(html()).toHaveAttribute('dir', 'ltr');
    expect(html()).toHaveAttribute('lang', 'fr');
    expect(document.querySelector('.ant-layout-rtl')).toBeNull();
  });

  it('offers each language in its own words', async () => {
    staffSession();
    renderApp('/customers');
    const user = setupUser();
    await user.click(await screen.findByRole('combobox', { name: 'Langue' }));
    await screen.findByTitle('English');
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((option) => option.getAttribute('title'));
    expect(options).toEqual(['Français', 'English', 'العربية']);
  });

  it('restores the chosen language on reload', async () => {
    browserLanguages(['fr-FR']);
    staffSession();
    const first = renderApp('/customers', null);
    const user = setupUser();
    await user.click(await screen.findByRole('combobox', { name: 'Langue' }));
    await user.click(await screen.findByTitle('العربية'));
    await screen.findByRole('heading', { name: 'الحرفاء' });
    first.unmount();
    html().removeAttribute('dir');

    staffSession();
    renderApp('/customers', null);

    expect(await screen.findByRole('heading', { name: 'الحرفاء' })).toBeInTheDocument();
    expect(html()).toHaveAttribute('dir', 'rtl');
  });

  it('speaks Arabic to an Arabic browser when nothing is stored', async () => {
    browserLanguages(['ar-TN', 'fr-FR']);
    staffSession();
    renderApp('/customers', null);

    expect(await screen.findByRole('heading', { name: 'الحرفاء' })).toBeInTheDocument();
    expect(html()).toHaveAttribute('dir', 'rtl');
    expect(html()).toHaveAttribute('lang', 'ar');
  });

  it('prefers the stored choice to the browser, and French to a language it does not speak', async () => {
    browserLanguages(['ar-TN']);
    window.localStorage.setItem('ecar.locale', 'en');
    staffSession();
    const english = renderApp('/customers', null);
    expect(await screen.findByRole('heading', { name: 'Customers' })).toBeInTheDocument();
    english.unmount();

    window.localStorage.clear();
    browserLanguages(['de-DE', 'it']);
    staffSession();
    renderApp('/customers', null);
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();
    expect(html()).toHaveAttribute('dir', 'ltr');
  });
});


import userEvent from '@testing-library/user-event';

/** A user-event session with a `fill` shortcut for form fields. */
export type TestUser = ReturnType<typeof userEvent.setup> & {
  /** Replaces a field's text in one paste: typing key by key re-renders the form per key. */
  fill: (field: HTMLElement, text: string) => Promise<void>;
};

/** A user-event session for one test. */
export function setupUser(): TestUser {
  const user = userEvent.setup();
  return Object.assign(user, {
    fill: async (field: HTMLElement, text: string) => {
      await user.clear(field);
      await user.paste(text);
    },
  });
}

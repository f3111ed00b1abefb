import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/errors';
import { errorMessage } from '../feedback/errorMessage';
import { useI18n } from '../i18n/I18nProvider';
import { applyFieldErrors } from './fieldErrors';

/** The error state of a form that submits to the API. */
export interface FormErrors {
  /** Messages to show above the form (errors that belong to no field). */
  messages: string[];
  /** Shows an API error: per field where possible, the rest above the form. */
  show: (error: unknown) => void;
  clear: () => void;
}

/** Turns API errors into field errors on `form` and messages above it. */
export function useFormErrors(form: FormInstance, formFields: readonly string[]): FormErrors {
  const { t } = useI18n();
  const [messages, setMessages] = useState<string[]>([]);

  const show = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        // A field the page fixed is not on screen: its error goes above the form.
        const mounted = Object.keys(form.getFieldsValue());
        const shown = formFields.filter((field) => mounted.includes(field));
        const unmatched = applyFieldErrors(form, error, shown);
        setMessages(unmatched);
        return;
      }
      setMessages([errorMessage(error, t)]);
    },
    [form, formFields, t],
  );
  const clear = useCallback(() => setMessages([]), []);

  return { messages, show, clear };
}

import { useCallback, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import type { Placement } from '../api/types.ts';

export type FieldErrors = Record<string, string>;
type Values = Record<string, string | boolean>;

export interface Conflict {
  code: 'PLACEMENT_OVERLAP_RESIDENT' | 'PLACEMENT_OVERLAP_APARTMENT';
  placement: Partial<Placement> | null;
  message: string;
}

export interface FormProblem {
  /** Sentence for problems that are not about one field (network, permission, unknown field). */
  messages: string[];
  conflict: Conflict | null;
  /** Anything else the page wants to explain (an ApiError with a code it knows). */
  error: unknown;
}

/**
 * Form state for pages whose field names equal the JSON fields of the API, so the server's
 * error.fields land next to the right input. The typed values are never reset on an error.
 */
export function useForm<V extends Values>(initial: V, idPrefix: string) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const setValue = useCallback(<K extends keyof V>(name: K, value: V[K]) => {
    setValues((previous) => ({ ...previous, [name]: value }));
    setErrors((previous) => {
      if (!(name in previous)) return previous;
      const next = { ...previous };
      delete next[name as string];
      return next;
    });
  }, []);

  const id = (name: keyof V & string) => `${idPrefix}-${name}`;

  /** Props for a TextField/SelectField/TextAreaField bound to a string value. */
  const text = (name: keyof V & string) => ({
    id: id(name),
    value: String(values[name] ?? ''),
    onChange: (value: string) => setValue(name, value as V[typeof name]),
    error: errors[name],
  });

  const checkbox = (name: keyof V & string) => ({
    id: id(name),
    checked: Boolean(values[name]),
    onChange: (checked: boolean) => setValue(name, checked as V[typeof name]),
    error: errors[name],
  });

  const focusSummary = () => {
    // After React has rendered the summary.
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  /**
   * validate returns client-side messages per field; action sends the request. Server validation errors
   * are mapped onto the fields; conflicts and other errors become the form's problem.
   */
  const handleSubmit =
    (validate: (values: V) => FieldErrors, action: (values: V) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (submitting) return;
      const clientErrors = validate(values);
      setErrors(clientErrors);
      if (Object.keys(clientErrors).length > 0) {
        setProblem(null);
        focusSummary();
        return;
      }
      setSubmitting(true);
      setProblem(null);
      try {
        await action(values);
      } catch (error) {
        const next = toProblem(error, Object.keys(values));
        setErrors(next.fieldErrors);
        setProblem(next.problem);
        focusSummary();
      } finally {
        setSubmitting(false);
      }
    };

  /** Everything <ErrorSummary> needs. */
  const summary = { errors, problem, summaryRef, fieldId: (name: string) => `${idPrefix}-${name}` };

  return { values, setValues, setValue, errors, setErrors, problem, submitting, summary, id, text, checkbox, handleSubmit };
}

function toProblem(error: unknown, knownFields: string[]): { fieldErrors: FieldErrors; problem: FormProblem | null } {
  if (!(error instanceof ApiError)) return { fieldErrors: {}, problem: { messages: [], conflict: null, error } };
  if (error.code === 'PLACEMENT_OVERLAP_RESIDENT' || error.code === 'PLACEMENT_OVERLAP_APARTMENT') {
    const placement = typeof error.conflict === 'object' && error.conflict !== null ? (error.conflict as Partial<Placement>) : null;
    return {
      fieldErrors: {},
      problem: { messages: [], conflict: { code: error.code, placement, message: error.message }, error: null },
    };
  }
  const fieldErrors: FieldErrors = {};
  const messages: string[] = [];
  for (const field of error.fields) {
    if (knownFields.includes(field.field) && !fieldErrors[field.field]) fieldErrors[field.field] = field.message;
    else messages.push(field.message);
  }
  if (Object.keys(fieldErrors).length > 0 || messages.length > 0) {
    return { fieldErrors, problem: messages.length ? { messages, conflict: null, error: null } : null };
  }
  return { fieldErrors, problem: { messages: [], conflict: null, error } };
}

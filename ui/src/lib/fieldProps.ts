/** What both text fields of a form take (components/Field.svelte and DateField.svelte). */
export interface TextFieldProps {
  id: string;
  label: string;
  hint?: string;
  placeholder?: string;
  testid: string;
  value?: string;
  /** The text box (to focus it after an error). */
  input?: HTMLElement;
  required?: boolean;
  invalid?: boolean;
}

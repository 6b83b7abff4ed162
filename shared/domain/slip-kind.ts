import * as z from 'zod';

/** The statutory slips a dossier can have (TT 01/2018 forms 01-05): their layouts are in shared/slips/forms.ts. */
export const SlipKind = z.enum(['receipt', 'supplement-request', 'refusal', 'apology', 'control']);
export type SlipKind = z.infer<typeof SlipKind>;

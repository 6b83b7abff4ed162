import { saveAgency, saveProcedure, saveUnit } from '../../../shared/catalogue/admin';
import { catalogueIsEmpty, putProcedure } from '../../../shared/store/catalogue';
import { putFormTemplate } from '../../../shared/store/documents';
import { demoAgencies } from './agencies';
import { demoProcedures } from './procedures';
import { placeholderPdf } from './templates';
import { demoUnits } from './units';

export { DEMO_OFFICER_AGENCY_ID } from './agencies';

/**
 * Loads the demo province into the configured table and documents bucket. It goes through the admin
 * use cases, so the seed passes the same checks as an admin's writes. Writes are upserts: running it
 * twice leaves the same catalogue.
 */
export async function seedCatalogue(): Promise<{ units: number; agencies: number; procedures: number; templates: number }> {
  for (const { id, ...unit } of demoUnits) await saveUnit(id, unit); // parents come first in the list
  for (const { id, ...agency } of demoAgencies) await saveAgency(id, agency);
  let templates = 0;
  for (const { code, forms, ...definition } of demoProcedures) {
    const saved = await saveProcedure(code, definition);
    for (const form of forms) {
      await putFormTemplate(code, form, placeholderPdf(form.name, saved.name));
      templates += 1;
    }
    await putProcedure({ ...saved, forms });
  }
  return { units: demoUnits.length, agencies: demoAgencies.length, procedures: demoProcedures.length, templates };
}

/** `npm start`: seeds a store that has no procedure yet; leaves an existing catalogue alone. */
export async function seedIfEmpty(): Promise<boolean> {
  if (!(await catalogueIsEmpty())) return false;
  await seedCatalogue();
  return true;
}

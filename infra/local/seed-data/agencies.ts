import { Agency } from '../../../shared/domain/procedure';
import { DEMO_PROVINCE_ID, demoUnits } from './units';

/**
 * The demo province's agencies: its departments (sở) and provincial police at the province tier, and in
 * each commune its people's committee (Ủy ban nhân dân xã, which runs the one-stop desk) and its police
 * (Công an xã, residence registration). `kind` is what procedures name in `agencyKind`; routing picks the
 * agency of that kind at the procedure's tier for the applicant's unit. `code` prefixes dossier codes.
 */
export const AGENCY_KINDS = {
  justiceDepartment: 'justice-department',
  constructionDepartment: 'construction-department',
  agricultureEnvironmentDepartment: 'agriculture-environment-department',
  financeDepartment: 'finance-department',
  provincialPolice: 'provincial-police',
  communeCommittee: 'commune-committee',
  communePolice: 'commune-police',
} as const;

const province: Agency[] = [
  { id: 'so-tu-phap', code: 'STP', name: 'Sở Tư pháp tỉnh Demo', unitId: DEMO_PROVINCE_ID, kind: AGENCY_KINDS.justiceDepartment },
  { id: 'so-xay-dung', code: 'SXD', name: 'Sở Xây dựng tỉnh Demo', unitId: DEMO_PROVINCE_ID, kind: AGENCY_KINDS.constructionDepartment },
  { id: 'so-nong-nghiep-moi-truong', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường tỉnh Demo', unitId: DEMO_PROVINCE_ID, kind: AGENCY_KINDS.agricultureEnvironmentDepartment },
  { id: 'so-tai-chinh', code: 'STC', name: 'Sở Tài chính tỉnh Demo', unitId: DEMO_PROVINCE_ID, kind: AGENCY_KINDS.financeDepartment },
  { id: 'cong-an-tinh', code: 'CAT', name: 'Công an tỉnh Demo', unitId: DEMO_PROVINCE_ID, kind: AGENCY_KINDS.provincialPolice },
];

/** "Xã An Bình" → "ANBINH": the unit's name without its prefix, folded to upper-case letters. */
const shortCode = (name: string) =>
  name
    .replace(/^(Xã|Phường)\s+/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();

const communes: Agency[] = demoUnits
  .filter((unit) => unit.tier === 'commune')
  .flatMap((unit) => {
    const code = shortCode(unit.name).slice(0, 12);
    return [
      { id: `ubnd-${unit.id}`, code: `UB${code}`, name: `Ủy ban nhân dân ${unit.name.replace(/^X/, 'x').replace(/^P/, 'p')}`, unitId: unit.id, kind: AGENCY_KINDS.communeCommittee },
      { id: `cong-an-${unit.id}`, code: `CA${code}`, name: `Công an ${unit.name.replace(/^X/, 'x').replace(/^P/, 'p')}`, unitId: unit.id, kind: AGENCY_KINDS.communePolice },
    ];
  });

export const demoAgencies: Agency[] = [...province, ...communes].map((agency) => Agency.parse(agency));

/** The commune committee that handles birth registration in Xã An Bình: the sample officer's agency. */
export const DEMO_OFFICER_AGENCY_ID = 'ubnd-xa-an-binh';

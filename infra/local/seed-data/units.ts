import { AdministrativeUnit } from '../../../shared/domain/procedure';

/**
 * A demo province in the two-tier model in force since 1 July 2025 (Nghị quyết 202/2025/QH15 and
 * Luật Tổ chức chính quyền địa phương 2025): a province and its communes and wards, no districts.
 * The names are fictional; no real unit is described.
 */
export const DEMO_PROVINCE_ID = 'tinh-demo';

export const demoUnits: AdministrativeUnit[] = [
  { id: DEMO_PROVINCE_ID, name: 'Tỉnh Demo', tier: 'province' },
  { id: 'phuong-trung-tam', name: 'Phường Trung Tâm', tier: 'commune', parentId: DEMO_PROVINCE_ID },
  { id: 'xa-an-binh', name: 'Xã An Bình', tier: 'commune', parentId: DEMO_PROVINCE_ID },
  { id: 'xa-tan-phu', name: 'Xã Tân Phú', tier: 'commune', parentId: DEMO_PROVINCE_ID },
  { id: 'xa-hoa-hiep', name: 'Xã Hòa Hiệp', tier: 'commune', parentId: DEMO_PROVINCE_ID },
].map((unit) => AdministrativeUnit.parse(unit));

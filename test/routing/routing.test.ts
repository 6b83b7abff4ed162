import { chooseAgency, RoutingRule, routingRuleId } from '../../shared/domain/routing';
import type { AdministrativeUnit, Agency } from '../../shared/domain/procedure';

const province: AdministrativeUnit = { id: 'tinh', name: 'Tỉnh', tier: 'province' };
const district: AdministrativeUnit = { id: 'huyen', name: 'Huyện', tier: 'district', parentId: 'tinh' };
const commune: AdministrativeUnit = { id: 'xa', name: 'Xã', tier: 'commune', parentId: 'huyen' };
const chain = [commune, district, province];
const agency = (id: string, unitId: string, kind = 'commune-committee'): Agency => ({ id, code: id.toUpperCase().replace(/-/g, ''), name: id, unitId, kind });
const agencies = [agency('ubnd-xa', 'xa'), agency('ubnd-huyen', 'huyen', 'district-committee'), agency('so-tp', 'tinh', 'justice-department'), agency('hcc-tinh', 'tinh', 'service-centre')];
const communeProcedure = { code: '1.001193', tier: 'commune' as const, agencyKind: 'commune-committee' };

describe('chooseAgency (routing decision)', () => {
  it('picks the agency of the procedure kind at the procedure tier above the applicant', () => {
    expect(chooseAgency({ procedure: communeProcedure, unitChain: chain, agencies, rules: [] })?.id).toBe('ubnd-xa');
    expect(chooseAgency({ procedure: { code: '2.000001', tier: 'province', agencyKind: 'justice-department' }, unitChain: chain, agencies, rules: [] })?.id).toBe('so-tp');
    expect(chooseAgency({ procedure: { code: '3.000001', tier: 'district', agencyKind: 'district-committee' }, unitChain: chain, agencies, rules: [] })?.id).toBe('ubnd-huyen');
  });

  it('finds nothing when no unit of the tier or no agency of the kind exists', () => {
    expect(chooseAgency({ procedure: { ...communeProcedure, tier: 'district' }, unitChain: [commune, province], agencies, rules: [] })).toBeUndefined();
    expect(chooseAgency({ procedure: { ...communeProcedure, agencyKind: 'police' }, unitChain: chain, agencies, rules: [] })).toBeUndefined();
  });

  it('lets the most specific rule win: procedure + unit > procedure > unit, then the nearer unit', () => {
    const rules: RoutingRule[] = [
      { unitId: 'xa', agencyId: 'so-tp' },
      { procedureCode: '1.001193', agencyId: 'ubnd-huyen' },
      { procedureCode: '1.001193', unitId: 'tinh', agencyId: 'hcc-tinh' },
    ];
    const choose = (r: RoutingRule[]) => chooseAgency({ procedure: communeProcedure, unitChain: chain, agencies, rules: r })?.id;
    expect(choose(rules)).toBe('hcc-tinh');
    expect(choose(rules.slice(0, 2))).toBe('ubnd-huyen');
    expect(choose(rules.slice(0, 1))).toBe('so-tp');
    expect(
      choose([
        { unitId: 'tinh', agencyId: 'hcc-tinh' },
        { unitId: 'huyen', agencyId: 'ubnd-huyen' },
      ]),
    ).toBe('ubnd-huyen');
  });

  it('ignores rules for other procedures, other units and unknown agencies', () => {
    const rules: RoutingRule[] = [
      { procedureCode: '9.999999', agencyId: 'so-tp' },
      { unitId: 'xa-khac', agencyId: 'so-tp' },
      { procedureCode: '1.001193', unitId: 'xa', agencyId: 'da-giai-the' },
    ];
    expect(chooseAgency({ procedure: communeProcedure, unitChain: chain, agencies, rules })?.id).toBe('ubnd-xa');
  });

  it('identifies a rule by its scope and refuses a rule with no scope', () => {
    expect(routingRuleId({ procedureCode: '1.001193' })).toBe('1.001193#*');
    expect(routingRuleId({ procedureCode: '1.001193', unitId: 'xa' })).toBe('1.001193#xa');
    expect(RoutingRule.safeParse({ agencyId: 'so-tp' }).success).toBe(false);
  });
});

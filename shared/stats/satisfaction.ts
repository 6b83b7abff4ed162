import { agencySatisfaction, quarterDays } from '../domain/service-index';
import { inVietnamese, NotFoundError } from '../domain/errors';
import { getAgency, listAgencies } from '../store/catalogue';
import { sumCounts } from '../store/stats';

/**
 * GET /admin/stats/satisfaction and GET /stats/public/satisfaction: each agency's quarterly score and
 * grade (DanhGiaCoQuan) from the counters that `dossier.rated` keeps per agency and Vietnamese day,
 * summed over the quarter's days (a Query per shard and agency, never a scan). Counts only.
 */
export async function quarterlySatisfaction(query: { quarter: string; agencyId?: string }) {
  const { from, to } = quarterDays(query.quarter);
  let agencies: { id: string; name: string }[];
  if (query.agencyId) {
    const agency = await getAgency(query.agencyId);
    if (!agency) throw inVietnamese(new NotFoundError('No such agency.'), 'Không có cơ quan này.');
    agencies = [agency];
  } else {
    agencies = (await listAgencies()).sort((a, b) => a.id.localeCompare(b.id));
  }
  const rows = await Promise.all(
    agencies.map(async (agency) => ({
      agencyId: agency.id,
      agencyName: agency.name,
      ...agencySatisfaction((await sumCounts(agency.id, from, to)).total),
    })),
  );
  return { quarter: query.quarter, from, to, agencies: rows };
}

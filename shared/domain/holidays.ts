/**
 * The Vietnamese public-holiday calendar as data (ngày nghỉ lễ, Tết), for the appointment date.
 *
 * The law: Bộ luật Lao động 2019 (Labour Code 45/2019/QH14), Art. 112(1): Tết Dương lịch 1 day (1/1),
 * Tết Âm lịch 5 days, Giỗ Tổ Hùng Vương 1 day (10/3 lunar), 30/4, 1/5, Quốc khánh 2 days (2/9 and one
 * day next to it); the Prime Minister fixes the Tết days and the Quốc khánh neighbour each year
 * (Art. 112(3)). Art. 111(3): a holiday that falls on the weekly rest day is taken on the next working
 * day ("nghỉ bù"). For civil servants the Government also swaps working days to join a holiday to a
 * weekend ("hoán đổi"), making up on a Saturday: those Saturdays are in VN_MAKEUP_WORKDAYS.
 *
 * Update each year when the Ministry of Home Affairs (Bộ Nội vụ) announces the schedule, and extend
 * VN_HOLIDAYS_COVERAGE. Pending: the Politburo chose 24/11 as Ngày Văn hóa Việt Nam, a paid day off
 * (Nghị quyết 80-NQ/TW, Jan 2026), but it needs a Labour Code amendment (Nghị quyết 30/NQ-CP, Feb 2026);
 * add it here once the law is in force.
 */
import type { LocalDate } from './vietnam-time';

/** Why the day is off: statutory holiday, compensatory day (nghỉ bù) or a swapped working day (hoán đổi). */
export type HolidayKind = 'holiday' | 'compensatory' | 'swapped';

/** A day on which public offices are closed. */
export interface Holiday {
  date: LocalDate;
  name: string;
  kind: HolidayKind;
  /** Not yet announced by the Government: our reading of the law and precedent; replace when announced. */
  provisional?: true;
  source: string;
}

/** A Saturday on which offices work to make up a swapped day (ngày làm bù). */
export interface MakeUpWorkday {
  date: LocalDate;
  replaces: LocalDate;
  source: string;
}

const LAW = 'Bộ luật Lao động 2019, Điều 112 khoản 1';
const COMPENSATION = 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù)';
/** Văn bản 12729/VPCP-KGVX, 25/12/2025 (Phó Thủ tướng Phạm Thị Thanh Trà) on Tết Dương lịch 2026. */
const VPCP_12729 = 'Văn bản 12729/VPCP-KGVX 25/12/2025; vietnamnet.vn/ban-tin-vietnamnet-26-12-chinh-phu-dong-y-nghi-4-ngay-tet-duong-lich-2026-pre2476040.html';
/** The Prime Minister's approval (Oct 2025) of the MoHA plan for Tết Bính Ngọ and Quốc khánh 2026. */
const PM_2026 = "VPCP conveying the PM's approval of the MoHA plan, Oct 2025; tienphong.vn/thu-tuong-dong-y-nghi-9-ngay-tet-nguyen-dan-binh-ngo-post1786865.tpo";
const QK_2026_SWAP = 'MoHA plan approved with PM_2026: swap Mon 31/8 with Sat 22/8; vnbiznews.com/bo-noi-vu-de-xuat-nghi-5-ngay-dip-le-quoc-khanh-2026-pid1989349677';
/** Lunar dates for 2027 computed with Hồ Ngọc Đức's Vietnamese lunar algorithm at UTC+7 (checked on 2020, 2025, 2026). */
const LUNAR_2027 = 'computed: Vietnamese lunar calendar (UTC+7)';
/**
 * Tết 2027 is not announced yet. Mùng 1 is a Saturday, as in 2020, when officials were off 29 Chạp to
 * mùng 5 (Thu 23/1–Wed 29/1/2020; socongthuong.daklak.gov.vn, 07/01/2020): the same layout here.
 */
const TET_2027 = `${LUNAR_2027}; layout by the 2020 precedent (mùng 1 on a Saturday)`;

/** Public-holiday closures of 2026 and 2027 (weekend holidays are listed too, for the record). */
export const VN_HOLIDAYS: readonly Holiday[] = [
  // 2026 — all announced.
  { date: '2026-01-01', name: 'Tết Dương lịch (Thu)', kind: 'holiday', source: LAW },
  { date: '2026-01-02', name: 'Tết Dương lịch, swapped with Sat 10/1 (Fri)', kind: 'swapped', source: VPCP_12729 },
  { date: '2026-02-16', name: 'Tết Nguyên Đán Bính Ngọ: 29 tháng Chạp Ất Tỵ (Mon)', kind: 'holiday', source: PM_2026 },
  { date: '2026-02-17', name: 'Tết Nguyên Đán: mùng 1 (Tue)', kind: 'holiday', source: PM_2026 },
  { date: '2026-02-18', name: 'Tết Nguyên Đán: mùng 2 (Wed)', kind: 'holiday', source: PM_2026 },
  { date: '2026-02-19', name: 'Tết Nguyên Đán: mùng 3 (Thu)', kind: 'holiday', source: PM_2026 },
  { date: '2026-02-20', name: 'Tết Nguyên Đán: mùng 4 (Fri)', kind: 'holiday', source: PM_2026 },
  {
    date: '2026-04-26',
    name: 'Giỗ Tổ Hùng Vương, 10/3 Bính Ngọ (Sun)',
    kind: 'holiday',
    source: `${LAW}; thanhnien.vn/gio-to-hung-vuong-304-15-quoc-khanh-29-nam-2026-duoc-nghi-may-ngay-185260223083506397.htm`,
  },
  { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (Mon)', kind: 'compensatory', source: COMPENSATION },
  { date: '2026-04-30', name: 'Ngày Chiến thắng 30/4 (Thu)', kind: 'holiday', source: LAW },
  { date: '2026-05-01', name: 'Ngày Quốc tế Lao động 1/5 (Fri)', kind: 'holiday', source: LAW },
  { date: '2026-08-31', name: 'Quốc khánh, swapped with Sat 22/8 (Mon)', kind: 'swapped', source: QK_2026_SWAP },
  { date: '2026-09-01', name: 'Quốc khánh, adjacent day (Tue)', kind: 'holiday', source: PM_2026 },
  { date: '2026-09-02', name: 'Quốc khánh 2/9 (Wed)', kind: 'holiday', source: PM_2026 },

  // 2027 — fixed-date holidays follow the law; Tết and the Quốc khánh neighbour are provisional.
  { date: '2027-01-01', name: 'Tết Dương lịch (Fri)', kind: 'holiday', source: LAW },
  { date: '2027-02-04', name: 'Tết Nguyên Đán Đinh Mùi: 28 tháng Chạp Bính Ngọ (Thu)', kind: 'holiday', provisional: true, source: TET_2027 },
  { date: '2027-02-05', name: 'Tết Nguyên Đán: 29 tháng Chạp, last day of Bính Ngọ (Fri)', kind: 'holiday', provisional: true, source: TET_2027 },
  // Mùng 1–3 have been off in every announced layout; only the days around them are provisional.
  { date: '2027-02-06', name: 'Tết Nguyên Đán: mùng 1 Đinh Mùi (Sat)', kind: 'holiday', source: `${LAW}; ${LUNAR_2027}` },
  { date: '2027-02-07', name: 'Tết Nguyên Đán: mùng 2 (Sun)', kind: 'holiday', source: `${LAW}; ${LUNAR_2027}` },
  { date: '2027-02-08', name: 'Tết Nguyên Đán: mùng 3 (Mon)', kind: 'holiday', source: `${LAW}; ${LUNAR_2027}` },
  { date: '2027-02-09', name: 'Nghỉ bù Tết for mùng 1 on Sat (Tue, mùng 4)', kind: 'compensatory', provisional: true, source: `${COMPENSATION}; ${TET_2027}` },
  { date: '2027-02-10', name: 'Nghỉ bù Tết for mùng 2 on Sun (Wed, mùng 5)', kind: 'compensatory', provisional: true, source: `${COMPENSATION}; ${TET_2027}` },
  { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương, 10/3 Đinh Mùi (Fri)', kind: 'holiday', source: `${LAW}; ${LUNAR_2027}` },
  { date: '2027-04-30', name: 'Ngày Chiến thắng 30/4 (Fri)', kind: 'holiday', source: LAW },
  { date: '2027-05-01', name: 'Ngày Quốc tế Lao động 1/5 (Sat)', kind: 'holiday', source: LAW },
  { date: '2027-05-03', name: 'Nghỉ bù 1/5 (Mon)', kind: 'compensatory', source: COMPENSATION },
  { date: '2027-09-02', name: 'Quốc khánh 2/9 (Thu)', kind: 'holiday', source: LAW },
  { date: '2027-09-03', name: 'Quốc khánh, adjacent day (Fri), joining the weekend', kind: 'holiday', provisional: true, source: LAW },
];

/** Saturdays worked to make up a swapped day: counted as working days. */
export const VN_MAKEUP_WORKDAYS: readonly MakeUpWorkday[] = [
  { date: '2026-01-10', replaces: '2026-01-02', source: VPCP_12729 },
  { date: '2026-08-22', replaces: '2026-08-31', source: QK_2026_SWAP },
];

/** The span the data above is complete for; past it, only weekends are skipped. */
export const VN_HOLIDAYS_COVERAGE: { from: LocalDate; to: LocalDate } = { from: '2026-01-01', to: '2027-12-31' };

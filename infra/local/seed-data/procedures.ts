import * as z from 'zod';
import { Procedure, type Paper } from '../../../shared/domain/procedure';
import { AGENCY_KINDS } from './agencies';

/**
 * Thirteen real procedures with the papers, fees and processing times the law and the public procedure
 * lists give (sources in the comment above each one). Where the fee is set by each province's
 * People's Council (Thông tư 85/2019/TT-BTC), the amount is marked "demo" and modelled on published
 * provincial rates; check your province's resolution before using it. Codes starting with 1. or 2.
 * are national procedure codes (Cơ sở dữ liệu quốc gia về TTHC); codes starting with DEMO- are local
 * to this demo catalogue. Forms hold no personal data: only the schema of what an applicant fills in.
 */

const PDF_OR_IMAGE = ['application/pdf', 'image/jpeg', 'image/png'];
const MB = 1024 * 1024;
const paper = (id: string, name: string, required = true, maxBytes = 5 * MB, contentTypes = PDF_OR_IMAGE): Paper => ({ id, name, required, contentTypes, maxBytes });

const text = (title: string, maxLength = 200) => ({ type: 'string', title, minLength: 1, maxLength });
const date = (title: string) => ({ type: 'string', format: 'date', title });
const person = (title: string) => ({
  type: 'object',
  title,
  required: ['fullName'],
  properties: { fullName: text('Họ, chữ đệm và tên'), birthDate: date('Ngày sinh'), nationalId: { type: 'string', title: 'Số định danh cá nhân', pattern: '^\\d{12}$' } },
});
const form = (required: string[], properties: Record<string, unknown>) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required, properties, additionalProperties: false });

const CIVIL_STATUS_LAW = [
  'Luật Hộ tịch số 60/2014/QH13',
  'Nghị định số 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
  'Thông tư số 04/2020/TT-BTP (sửa đổi bởi Thông tư số 03/2023/TT-BTP)',
  'Thông tư số 85/2019/TT-BTC hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của HĐND cấp tỉnh',
];
const RESIDENCE_LAW = [
  'Luật Cư trú số 68/2020/QH14',
  'Nghị định số 62/2021/NĐ-CP',
  'Thông tư số 55/2021/TT-BCA (sửa đổi bởi Thông tư số 66/2023/TT-BCA)',
  'Thông tư số 75/2022/TT-BTC quy định mức thu lệ phí đăng ký cư trú',
];
const RESIDENCE_FORM = paper('to-khai-ct01', 'Tờ khai thay đổi thông tin cư trú (mẫu CT01)');

export const demoProcedures: Procedure[] = z.array(Procedure).parse([
  // Luật Hộ tịch 2014 art. 16 (result right after a complete file; after 15:00, the next working day),
  // art. 11 (no fee for an on-time birth registration); papers per art. 16 and Nghị định 123/2015 art. 9.
  {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    nameEn: 'Birth registration',
    field: 'Hộ tịch',
    description: 'Đăng ký việc sinh cho trẻ em tại Ủy ban nhân dân cấp xã nơi cư trú của cha hoặc mẹ, trong 60 ngày kể từ ngày sinh. Miễn lệ phí khi đăng ký đúng hạn.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [
      { title: 'Nộp hồ sơ', description: 'Điền tờ khai và tải lên Giấy chứng sinh (hoặc văn bản của người làm chứng, giấy cam đoan về việc sinh).' },
      { title: 'Kiểm tra, ghi Sổ hộ tịch', description: 'Công chức tư pháp - hộ tịch kiểm tra; nếu hợp lệ, ghi vào Sổ đăng ký khai sinh và cập nhật Cơ sở dữ liệu hộ tịch điện tử.' },
      { title: 'Trả kết quả', description: 'Giấy khai sinh bản điện tử, bản chính gửi qua bưu chính hoặc nhận tại bộ phận một cửa.' },
    ],
    papers: [
      paper('giay-chung-sinh', 'Giấy chứng sinh, hoặc văn bản của người làm chứng, hoặc giấy cam đoan về việc sinh'),
      paper('van-ban-mang-thai-ho', 'Văn bản xác nhận của cơ sở y tế đã thực hiện kỹ thuật hỗ trợ sinh sản (khi sinh ra do mang thai hộ)', false),
    ],
    fee: { kind: 'fixed', amount: 0 },
    processingTime: { amount: 1, unit: 'working-days' },
    legalBasis: CIVIL_STATUS_LAW,
    applicationForm: form(['child', 'mother', 'relationship'], {
      child: {
        type: 'object',
        title: 'Người được khai sinh',
        required: ['fullName', 'sex', 'birthDate', 'birthPlace'],
        properties: {
          fullName: text('Họ, chữ đệm và tên'),
          sex: { type: 'string', enum: ['male', 'female'], title: 'Giới tính' },
          birthDate: date('Ngày sinh'),
          birthPlace: text('Nơi sinh', 300),
          ethnicity: text('Dân tộc', 50),
          nationality: text('Quốc tịch', 50),
        },
      },
      mother: person('Mẹ'),
      father: person('Cha'),
      relationship: { type: 'string', title: 'Quan hệ với người được khai sinh', enum: ['mother', 'father', 'grandparent', 'relative', 'other'] },
    }),
    forms: [{ id: 'to-khai-khai-sinh', name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai-dang-ky-khai-sinh.pdf', contentType: 'application/pdf' }],
    delivery: ['online', 'post', 'desk'],
  },
  // Luật Hộ tịch 2014 art. 18 (right away; up to 5 working days when facts must be verified), art. 11
  // (no fee for citizens residing in Việt Nam). Both spouses must come to sign the register: partly online.
  {
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    nameEn: 'Marriage registration',
    field: 'Hộ tịch',
    description: 'Đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước, tại Ủy ban nhân dân cấp xã nơi cư trú của một trong hai bên. Hai bên có mặt khi đăng ký.',
    level: 3,
    mode: 'PARTLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [
      { title: 'Nộp hồ sơ trực tuyến', description: 'Hai bên điền tờ khai đăng ký kết hôn.' },
      { title: 'Xác minh (nếu cần)', description: 'Công chức tư pháp - hộ tịch kiểm tra điều kiện kết hôn.' },
      { title: 'Ký Sổ đăng ký kết hôn', description: 'Hai bên có mặt, ký Sổ và nhận Giấy chứng nhận kết hôn.' },
    ],
    papers: [paper('xac-nhan-tinh-trang-hon-nhan', 'Giấy xác nhận tình trạng hôn nhân (khi đăng ký tại nơi không phải nơi thường trú)', false)],
    fee: { kind: 'fixed', amount: 0 },
    processingTime: { amount: 5, unit: 'working-days' },
    legalBasis: CIVIL_STATUS_LAW,
    applicationForm: form(['husband', 'wife'], { husband: person('Bên nam'), wife: person('Bên nữ') }),
    forms: [{ id: 'to-khai-ket-hon', name: 'Tờ khai đăng ký kết hôn', fileName: 'to-khai-dang-ky-ket-hon.pdf', contentType: 'application/pdf' }],
    delivery: ['desk'],
  },
  // Luật Hộ tịch 2014 art. 33-34 (within 15 days of the death; up to 3 working days when verified),
  // art. 11 (no fee when on time).
  {
    code: '1.000656',
    name: 'Đăng ký khai tử',
    nameEn: 'Death registration',
    field: 'Hộ tịch',
    description: 'Người thân đăng ký khai tử trong 15 ngày kể từ ngày chết, tại Ủy ban nhân dân cấp xã nơi cư trú cuối cùng của người chết. Miễn lệ phí khi đúng hạn.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [
      { title: 'Nộp hồ sơ', description: 'Điền tờ khai và tải lên Giấy báo tử hoặc giấy tờ thay thế.' },
      { title: 'Ghi Sổ khai tử', description: 'Cấp Trích lục khai tử.' },
    ],
    papers: [paper('giay-bao-tu', 'Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp')],
    fee: { kind: 'fixed', amount: 0 },
    processingTime: { amount: 3, unit: 'working-days' },
    legalBasis: CIVIL_STATUS_LAW,
    applicationForm: form(['deceased', 'dateOfDeath', 'placeOfDeath', 'relationship'], {
      deceased: person('Người chết'),
      dateOfDeath: date('Ngày chết'),
      placeOfDeath: text('Nơi chết', 300),
      cause: text('Nguyên nhân chết', 300),
      relationship: text('Quan hệ với người chết', 100),
    }),
    delivery: ['online', 'post', 'desk'],
  },
  // Nghị định 123/2015/NĐ-CP art. 21-22 (3 working days; up to 23 when the other commune must verify).
  // The fee is set by the province (Thông tư 85/2019/TT-BTC); demo: none.
  {
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    nameEn: 'Certificate of marital status',
    field: 'Hộ tịch',
    description: 'Xác nhận tình trạng hôn nhân của công dân Việt Nam cư trú trong nước, để kết hôn hoặc dùng vào mục đích khác.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [
      { title: 'Nộp tờ khai', description: 'Ghi rõ mục đích sử dụng.' },
      { title: 'Kiểm tra, cấp giấy', description: 'Cấp Giấy xác nhận tình trạng hôn nhân (giá trị 6 tháng).' },
    ],
    papers: [paper('giay-to-ly-hon', 'Bản án, quyết định ly hôn hoặc giấy tờ chứng minh việc vợ/chồng đã chết (nếu có)', false)],
    fee: { kind: 'fixed', amount: 0 },
    processingTime: { amount: 3, unit: 'working-days' },
    legalBasis: CIVIL_STATUS_LAW,
    applicationForm: form(['applicant', 'purpose'], { applicant: person('Người yêu cầu'), purpose: { type: 'string', title: 'Mục đích sử dụng', enum: ['marriage', 'other'] }, purposeDetail: text('Mục đích khác', 300) }),
    forms: [{ id: 'to-khai-xac-nhan-hon-nhan', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', fileName: 'to-khai-xac-nhan-tinh-trang-hon-nhan.pdf', contentType: 'application/pdf' }],
    delivery: ['online', 'post', 'desk'],
  },
  // Nghị định 23/2015/NĐ-CP art. 7 (same day; after 15:00, the next working day), art. 24;
  // Thông tư 226/2016/TT-BTC: 10,000 VND per signature certification. The signer signs in front of the officer.
  {
    code: 'DEMO-CT-CHU-KY',
    name: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
    nameEn: 'Certification of a signature',
    field: 'Chứng thực',
    description: 'Chứng thực chữ ký của cá nhân trên giấy tờ, văn bản. Người yêu cầu ký trước mặt người thực hiện chứng thực.',
    level: 2,
    mode: 'PARTLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [
      { title: 'Đến bộ phận một cửa', description: 'Mang giấy tờ tùy thân và văn bản cần chứng thực chữ ký.' },
      { title: 'Ký trước mặt người chứng thực', description: 'Nhận văn bản đã chứng thực trong ngày.' },
    ],
    papers: [],
    fee: { kind: 'fixed', amount: 10_000 },
    processingTime: { amount: 1, unit: 'working-days' },
    legalBasis: ['Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký', 'Thông tư số 226/2016/TT-BTC quy định mức thu phí chứng thực'],
    applicationForm: form([], {}),
    delivery: ['desk'],
  },
  // Luật Cư trú 2020 art. 27-28 (3 working days); Thông tư 75/2022/TT-BTC: 15,000 VND at the desk,
  // 7,000 VND online. Papers per Nghị định 62/2021/NĐ-CP art. 5 (proof of lawful residence).
  {
    code: 'DEMO-CT-TAM-TRU',
    name: 'Đăng ký tạm trú',
    nameEn: 'Temporary residence registration',
    field: 'Đăng ký, quản lý cư trú',
    description: 'Công dân đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi xã nơi thường trú từ 30 ngày trở lên đăng ký tạm trú với Công an cấp xã.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communePolice,
    steps: [
      { title: 'Nộp hồ sơ trực tuyến', description: 'Tờ khai CT01 và giấy tờ chứng minh chỗ ở hợp pháp.' },
      { title: 'Thẩm định, cập nhật Cơ sở dữ liệu về cư trú', description: 'Thông báo kết quả cho người đăng ký.' },
    ],
    papers: [RESIDENCE_FORM, paper('cho-o-hop-phap', 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp')],
    fee: { kind: 'fixed', amount: 7_000 },
    processingTime: { amount: 3, unit: 'working-days' },
    legalBasis: RESIDENCE_LAW,
    applicationForm: form(['address', 'from', 'until'], { address: text('Địa chỉ nơi tạm trú', 300), from: date('Từ ngày'), until: date('Đến ngày'), reason: text('Lý do', 300) }),
    forms: [{ id: 'ct01', name: 'Tờ khai thay đổi thông tin cư trú (CT01)', fileName: 'CT01-to-khai-thay-doi-thong-tin-cu-tru.pdf', contentType: 'application/pdf' }],
    delivery: ['online'],
  },
  // Luật Cư trú 2020 art. 20-22 (7 working days); Thông tư 75/2022/TT-BTC: 20,000 VND at the desk, 10,000 VND online.
  {
    code: 'DEMO-CT-THUONG-TRU',
    name: 'Đăng ký thường trú',
    nameEn: 'Permanent residence registration',
    field: 'Đăng ký, quản lý cư trú',
    description: 'Đăng ký thường trú tại chỗ ở hợp pháp thuộc quyền sở hữu của mình, hoặc được chủ hộ, chủ sở hữu đồng ý.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communePolice,
    steps: [{ title: 'Nộp hồ sơ trực tuyến' }, { title: 'Thẩm định, cập nhật Cơ sở dữ liệu về cư trú' }],
    papers: [RESIDENCE_FORM, paper('cho-o-hop-phap', 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp'), paper('dong-y-chu-ho', 'Văn bản đồng ý của chủ hộ, chủ sở hữu chỗ ở (nếu không phải chủ sở hữu)', false)],
    fee: { kind: 'fixed', amount: 10_000 },
    processingTime: { amount: 7, unit: 'working-days' },
    legalBasis: RESIDENCE_LAW,
    applicationForm: form(['address', 'ownership'], { address: text('Địa chỉ nơi đăng ký thường trú', 300), ownership: { type: 'string', title: 'Chỗ ở', enum: ['owned', 'with-consent', 'rented'] } }),
    forms: [{ id: 'ct01', name: 'Tờ khai thay đổi thông tin cư trú (CT01)', fileName: 'CT01-to-khai-thay-doi-thong-tin-cu-tru.pdf', contentType: 'application/pdf' }],
    delivery: ['online'],
  },
  // Luật Cư trú 2020 art. 17; Thông tư 55/2021/TT-BCA art. 17 (half a working day when the data is in the
  // national residence database, up to 3 working days otherwise). No fee in Thông tư 75/2022/TT-BTC.
  {
    code: 'DEMO-CT-XAC-NHAN',
    name: 'Xác nhận thông tin về cư trú',
    nameEn: 'Confirmation of residence information',
    field: 'Đăng ký, quản lý cư trú',
    description: 'Công an cấp xã xác nhận thông tin về cư trú (nơi thường trú, tạm trú, thời gian cư trú) của công dân.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communePolice,
    steps: [{ title: 'Nộp yêu cầu trực tuyến' }, { title: 'Nhận văn bản xác nhận điện tử' }],
    papers: [RESIDENCE_FORM],
    fee: { kind: 'fixed', amount: 0 },
    processingTime: { amount: 3, unit: 'working-days' },
    legalBasis: RESIDENCE_LAW,
    applicationForm: form(['purpose'], { purpose: text('Mục đích xác nhận', 300) }),
    delivery: ['online', 'desk'],
  },
  // Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp (household businesses registered by the commune from
  // 1 July 2025; 3 working days). Fee set by the province (Thông tư 85/2019/TT-BTC); demo: 100,000 VND,
  // Hà Nội's rate (Nghị quyết 06/2020/NQ-HĐND). Online filing is often exempted by provinces: not modelled.
  {
    code: 'DEMO-HKD-01',
    name: 'Đăng ký thành lập hộ kinh doanh',
    nameEn: 'Household business registration',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    description: 'Cá nhân hoặc thành viên hộ gia đình đăng ký thành lập hộ kinh doanh với Ủy ban nhân dân cấp xã nơi đặt trụ sở.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [{ title: 'Nộp giấy đề nghị' }, { title: 'Kiểm tra tên, ngành nghề' }, { title: 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh' }],
    papers: [
      paper('giay-de-nghi', 'Giấy đề nghị đăng ký hộ kinh doanh'),
      paper('bien-ban-hop', 'Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (khi các thành viên cùng thành lập)', false),
      paper('uy-quyen', 'Văn bản ủy quyền cho thành viên làm chủ hộ kinh doanh (nếu có)', false),
    ],
    fee: { kind: 'fixed', amount: 100_000 },
    processingTime: { amount: 3, unit: 'working-days' },
    legalBasis: ['Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp', 'Thông tư số 85/2019/TT-BTC'],
    applicationForm: form(['businessName', 'address', 'activities', 'capital'], {
      businessName: text('Tên hộ kinh doanh', 200),
      address: text('Địa điểm kinh doanh', 300),
      activities: { type: 'array', title: 'Ngành, nghề kinh doanh', minItems: 1, items: text('Ngành, nghề', 300) },
      capital: { type: 'integer', title: 'Vốn kinh doanh (đồng)', minimum: 0 },
      employees: { type: 'integer', title: 'Số lao động', minimum: 0 },
    }),
    forms: [{ id: 'giay-de-nghi', name: 'Giấy đề nghị đăng ký hộ kinh doanh', fileName: 'giay-de-nghi-dang-ky-ho-kinh-doanh.pdf', contentType: 'application/pdf' }],
    delivery: ['online', 'post', 'desk'],
  },
  // Luật Xây dựng 2014 art. 102 (15 days for a detached house), Nghị định 175/2024/NĐ-CP; detached houses
  // are licensed by the commune since 1 July 2025. Fee set by the province; demo: Hà Nội's 75,000 VND for a
  // detached house and 15,000 VND for an extension (Nghị quyết 06/2020/NQ-HĐND): fee rules on `permitKind`.
  {
    code: 'DEMO-GPXD-NHA-O',
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    nameEn: 'Construction permit for a detached house',
    field: 'Hoạt động xây dựng',
    description: 'Cấp giấy phép xây dựng mới, sửa chữa, cải tạo, hoặc gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ.',
    level: 3,
    mode: 'PARTLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [{ title: 'Nộp hồ sơ', description: 'Đơn đề nghị, giấy tờ về quyền sử dụng đất, bản vẽ thiết kế.' }, { title: 'Kiểm tra thực địa' }, { title: 'Cấp giấy phép' }],
    papers: [
      paper('giay-to-dat', 'Giấy tờ chứng minh quyền sử dụng đất'),
      paper('ban-ve-thiet-ke', 'Hai bộ bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng)', true, 20 * MB, ['application/pdf']),
      paper('cam-ket-an-toan', 'Bản cam kết bảo đảm an toàn công trình liền kề (khi có công trình liền kề)', false),
    ],
    fee: { kind: 'rules', rules: [{ field: 'permitKind', equals: 'extension', amount: 15_000, label: 'Gia hạn giấy phép' }], otherwise: 75_000 },
    processingTime: { amount: 15, unit: 'calendar-days' },
    legalBasis: ['Luật Xây dựng số 50/2014/QH13 (sửa đổi bởi Luật số 62/2020/QH14)', 'Nghị định số 175/2024/NĐ-CP', 'Thông tư số 85/2019/TT-BTC'],
    applicationForm: form(['permitKind', 'plotAddress', 'floors', 'floorArea'], {
      permitKind: { type: 'string', title: 'Loại đề nghị', enum: ['new', 'renovation', 'extension'] },
      plotAddress: text('Địa điểm xây dựng', 300),
      floors: { type: 'integer', title: 'Số tầng', minimum: 1, maximum: 30 },
      floorArea: { type: 'number', title: 'Tổng diện tích sàn (m²)', exclusiveMinimum: 0 },
    }),
    forms: [{ id: 'don-de-nghi', name: 'Đơn đề nghị cấp giấy phép xây dựng', fileName: 'don-de-nghi-cap-giay-phep-xay-dung.pdf', contentType: 'application/pdf' }],
    delivery: ['post', 'desk'],
  },
  // Luật Đất đai 2024, Nghị định 101/2024/NĐ-CP art. 22 (first registration and certificate: 20 working days),
  // Nghị định 151/2025/NĐ-CP (the commune decides for households and individuals). The certificate fee is
  // set by the province; demo: 100,000 VND. The original certificate is handed over: partly online.
  {
    code: 'DEMO-DD-GCN-LAN-DAU',
    name: 'Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu',
    nameEn: 'First registration of land and land-use certificate',
    field: 'Đất đai',
    description: 'Hộ gia đình, cá nhân đăng ký đất đai và đề nghị cấp Giấy chứng nhận lần đầu.',
    level: 3,
    mode: 'PARTLY_ONLINE',
    tier: 'commune',
    agencyKind: AGENCY_KINDS.communeCommittee,
    steps: [{ title: 'Nộp hồ sơ' }, { title: 'Xác minh hiện trạng, niêm yết công khai' }, { title: 'Xác định nghĩa vụ tài chính' }, { title: 'Cấp Giấy chứng nhận' }],
    papers: [
      paper('don-dang-ky', 'Đơn đăng ký đất đai, tài sản gắn liền với đất (mẫu 04/ĐK)'),
      paper('giay-to-nguon-goc', 'Giấy tờ về quyền sử dụng đất (nếu có)', false, 10 * MB),
      paper('mach-tich-thua', 'Mảnh trích đo bản đồ địa chính (nếu có)', false, 10 * MB),
    ],
    fee: { kind: 'fixed', amount: 100_000 },
    processingTime: { amount: 20, unit: 'working-days' },
    legalBasis: ['Luật Đất đai số 31/2024/QH15', 'Nghị định số 101/2024/NĐ-CP', 'Nghị định số 151/2025/NĐ-CP', 'Thông tư số 85/2019/TT-BTC'],
    applicationForm: form(['plotAddress', 'area', 'landUse'], {
      plotAddress: text('Địa chỉ thửa đất', 300),
      area: { type: 'number', title: 'Diện tích (m²)', exclusiveMinimum: 0 },
      landUse: { type: 'string', title: 'Mục đích sử dụng', enum: ['residential', 'agricultural', 'other'] },
    }),
    delivery: ['post', 'desk'],
  },
  // Luật Lý lịch tư pháp 2009 art. 45-48 (10 working days); Thông tư 244/2016/TT-BTC: 200,000 VND,
  // 100,000 VND for students, people with meritorious service and their relatives (fee rules on
  // `applicantCategory`); the 5,000 VND per copy beyond two is not modelled.
  {
    code: 'DEMO-LLTP-01',
    name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    nameEn: 'Judicial record certificate',
    field: 'Lý lịch tư pháp',
    description: 'Cấp Phiếu lý lịch tư pháp số 1 hoặc số 2 cho công dân Việt Nam.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'province',
    agencyKind: AGENCY_KINDS.justiceDepartment,
    steps: [{ title: 'Nộp tờ khai trực tuyến' }, { title: 'Tra cứu, xác minh thông tin lý lịch tư pháp' }, { title: 'Trả Phiếu lý lịch tư pháp' }],
    papers: [paper('giay-to-uu-dai', 'Giấy tờ chứng minh thuộc đối tượng được giảm phí (thẻ sinh viên, giấy chứng nhận người có công)', false)],
    fee: {
      kind: 'rules',
      rules: [
        { field: 'applicantCategory', equals: 'student', amount: 100_000, label: 'Sinh viên' },
        { field: 'applicantCategory', equals: 'meritorious', amount: 100_000, label: 'Người có công với cách mạng và thân nhân' },
      ],
      otherwise: 200_000,
    },
    processingTime: { amount: 10, unit: 'working-days' },
    legalBasis: ['Luật Lý lịch tư pháp số 28/2009/QH12', 'Nghị định số 111/2010/NĐ-CP', 'Thông tư số 244/2016/TT-BTC'],
    applicationForm: form(['certificateType', 'copies', 'applicantCategory'], {
      certificateType: { type: 'integer', title: 'Loại phiếu', enum: [1, 2] },
      copies: { type: 'integer', title: 'Số lượng phiếu', minimum: 1, maximum: 10 },
      applicantCategory: { type: 'string', title: 'Đối tượng', enum: ['standard', 'student', 'meritorious'] },
      purpose: text('Mục đích sử dụng', 300),
    }),
    forms: [{ id: 'to-khai-lltp', name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', fileName: 'to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.pdf', contentType: 'application/pdf' }],
    delivery: ['online', 'post', 'desk'],
  },
  // Luật Trật tự, an toàn giao thông đường bộ 2024 (driving licences managed by the police from 1 March 2025),
  // Thông tư 12/2025/TT-BCA; Thông tư 37/2023/TT-BTC: 135,000 VND per licence; 5 working days.
  {
    code: 'DEMO-GPLX-DOI',
    name: 'Đổi giấy phép lái xe do ngành Công an cấp',
    nameEn: 'Driving licence renewal',
    field: 'Đường bộ',
    description: 'Đổi giấy phép lái xe hết hạn, bị hỏng hoặc có thay đổi thông tin.',
    level: 4,
    mode: 'FULLY_ONLINE',
    tier: 'province',
    agencyKind: AGENCY_KINDS.provincialPolice,
    steps: [{ title: 'Nộp hồ sơ trực tuyến', description: 'Dữ liệu giấy khám sức khỏe được liên thông từ cơ sở y tế.' }, { title: 'Cấp giấy phép lái xe mới' }],
    papers: [paper('giay-kham-suc-khoe', 'Giấy khám sức khỏe của người lái xe (đối với hạng có thời hạn)', false), paper('anh-chan-dung', 'Ảnh chân dung', true, 2 * MB, ['image/jpeg', 'image/png'])],
    fee: { kind: 'fixed', amount: 135_000 },
    processingTime: { amount: 5, unit: 'working-days' },
    legalBasis: ['Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15', 'Thông tư số 12/2025/TT-BCA', 'Thông tư số 37/2023/TT-BTC'],
    applicationForm: form(['licenceNumber', 'licenceClass', 'reason'], {
      licenceNumber: { type: 'string', title: 'Số giấy phép lái xe', pattern: '^\\d{12}$' },
      licenceClass: { type: 'string', title: 'Hạng', enum: ['A1', 'A', 'B1', 'B', 'C1', 'C', 'D1', 'D2', 'D', 'BE', 'C1E', 'CE', 'D1E', 'D2E', 'DE'] },
      reason: { type: 'string', title: 'Lý do đổi', enum: ['expired', 'damaged', 'changed-details'] },
    }),
    delivery: ['post', 'desk'],
  },
]);

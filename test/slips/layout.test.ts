import { renderSlip } from '../../shared/slips/layout';
import { bookCsv, bookLayout, slipLayout, timeliness, type SlipSubject } from '../../shared/slips/forms';
import { slipFonts } from '../../shared/slips/fonts';
import { readPdf } from './support';

const subject: SlipSubject = {
  dossierCode: 'UBNDAB-260105-0007',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  applicant: { fullName: 'Nguyễn Thị Bình', nationalId: '001099012345', phone: '0912345678', address: 'Thôn Đông, xã An Bình' },
  agencyName: 'UBND xã An Bình',
  place: 'Xã An Bình',
  issuedAt: new Date('2026-01-05T02:30:00Z'),
  verifyUrl: 'https://dichvucong.test.gov.vn/verify/abcdefghijklmnopqrstuvwxyz012345',
};

// Rendering and parsing in another process: slow on a shared 2-core machine.
jest.setTimeout(120_000);

describe('slip layout (pure)', () => {
  it('embeds every Vietnamese letter: all 134 precomposed letters come back out of the PDF', async () => {
    const letters = 'aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ';
    const layout = slipLayout({ ...subject, applicant: { ...subject.applicant, fullName: letters } }, { kind: 'refusal', receivedAt: subject.issuedAt, reason: letters.toUpperCase(), refusedBy: 'officer-a' });
    const { text } = await readPdf(await renderSlip(layout, slipFonts()));
    const compact = text.replace(/\s+/g, '');
    expect(compact).toContain(letters);
    expect(compact).toContain(letters.toUpperCase());
  });

  it('subsets the font: a slip stays far below the two font files it uses', async () => {
    const bytes = await renderSlip(slipLayout(subject, { kind: 'refusal', receivedAt: subject.issuedAt, reason: 'Hồ sơ không thuộc thẩm quyền', refusedBy: 'officer-a' }), slipFonts());
    const fonts = slipFonts();
    expect(bytes.length).toBeLessThan((fonts.regular.length + fonts.bold.length) / 3);
  });

  it('words the timeliness of a control-slip step as form 05 does', () => {
    const deadline = new Date('2026-01-07T10:00:00Z'); // 17:00 in Vietnam
    expect(timeliness(new Date('2026-01-06T03:00:00Z'), deadline)).toBe('Trước hạn');
    expect(timeliness(new Date('2026-01-07T09:00:00Z'), deadline)).toBe('Đúng hạn');
    expect(timeliness(new Date('2026-01-07T10:30:00Z'), deadline)).toBe('Quá hạn');
  });

  it('lays a long tracking book over several landscape pages and writes a spreadsheet-safe CSV', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      dossierCode: `UBNDAB-260105-${String(i + 1).padStart(4, '0')}`,
      procedureName: 'Đăng ký khai sinh',
      applicantName: i === 0 ? '=HYPERLINK("x")' : 'Lê Thị Hoa',
      applicantContact: 'Xóm 3, 0912345678',
      receivedAt: subject.issuedAt,
      channel: 'Trực tiếp',
      status: 'Đã tiếp nhận',
    }));
    const { text, pages } = await readPdf(await renderSlip(bookLayout({ agencyName: subject.agencyName, place: subject.place, from: '2026-01-01', to: '2026-01-31', issuedAt: subject.issuedAt }, rows), slipFonts()));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('UBNDAB-260105-0060');
    const csv = bookCsv(rows);
    expect(csv.startsWith('\uFEFFTT,Mã hồ sơ,')).toBe(true);
    expect(csv).toContain(`1,UBNDAB-260105-0001,Đăng ký khai sinh,01,"'=HYPERLINK(""x"")","Xóm 3, 0912345678"`);
  });
});

import { MESSAGES } from '../../shared/notifications/messages';

const data = {
  dossierId: 'd-1',
  code: 'UBMOT-260302-0007',
  reason: 'Thiếu giấy tờ',
  papers: ['giay-chung-sinh'],
  amount: 50_000,
  method: 'desk',
  appointmentAt: '2026-03-10T02:00:00.000Z',
  deadline: '2026-03-12T02:00:00.000Z',
};

describe('citizen messages', () => {
  it.each(Object.keys(MESSAGES))('%s quotes the dossier code as it was issued, in subject and text', (type) => {
    const message = MESSAGES[type]!(data);
    expect(message.subject).toContain('UBMOT-260302-0007');
    expect(message.text).toContain('UBMOT-260302-0007');
    expect(message.text).not.toContain('ubmot');
  });

  it('writes "hồ sơ" in lower case only mid-sentence', () => {
    expect(MESSAGES['dossier.returned']!(data).text).toBe('Kết quả của hồ sơ UBMOT-260302-0007 đã được trả tại bộ phận một cửa.');
    expect(MESSAGES['dossier.rescheduled']!(data).text).toMatch(/^Cơ quan xin lỗi vì hồ sơ UBMOT-260302-0007 chưa có kết quả đúng hẹn\./);
  });
});

import { decideStep, internalStepErrors, startStep } from '../../shared/domain/internal-steps';
import type { InternalStep } from '../../shared/domain/procedure';

const steps: InternalStep[] = [
  { id: 'mot-cua', title: 'Một cửa tiếp nhận', role: 'desk', hours: 1 },
  { id: 'chuyen-vien', title: 'Chuyên viên thẩm định', role: 'specialist', unit: 'phong-tu-phap', hours: 4 },
  { id: 'truong-phong', title: 'Trưởng phòng xem xét', role: 'head', unit: 'phong-tu-phap', hours: 2 },
  { id: 'lanh-dao', title: 'Lãnh đạo ký', role: 'leader', hours: 1 },
];
// Monday 5 January 2026, 08:00 in Vietnam.
const monday8 = new Date('2026-01-05T01:00:00.000Z');
const officer = { sub: 'officer-1', admin: false };

describe('internal steps (pure)', () => {
  it('gives each step its own deadline in office hours: 4 h from 08:00 skips the lunch break to 14:00', () => {
    expect(startStep(steps, 1, monday8).dueAt).toBe('2026-01-05T07:00:00.000Z');
    // From Friday 16 January 16:30: 30 minutes on Friday, the weekend skipped, 30 on Monday, until 07:30.
    expect(startStep(steps, 0, new Date('2026-01-16T09:30:00.000Z')).dueAt).toBe('2026-01-19T00:30:00.000Z');
  });

  it('checks the declared steps against the processing time, unique ids, and the leader last', () => {
    expect(internalStepErrors(steps, { amount: 1, unit: 'working-days' })).toEqual([]);
    expect(internalStepErrors(steps, { amount: 0, unit: 'working-days' }).map((e) => e.code)).toEqual(['STEPS_EXCEED_PROCESSING_TIME']);
    const twice = [...steps.slice(0, 2), { ...steps[1]!, hours: 1 }, steps[3]!];
    expect(internalStepErrors(twice, { amount: 2, unit: 'calendar-days' }).map((e) => [e.path, e.code])).toEqual([['body.internalSteps.2.id', 'DUPLICATE_ID']]);
    expect(internalStepErrors(steps.slice(0, 3), { amount: 1, unit: 'working-days' }).map((e) => [e.path, e.code])).toEqual([['body.internalSteps.2.role', 'LAST_STEP_NOT_LEADER']]);
  });

  it('moves forward and back one step at a time, approves only the last, and keeps others off an assigned step', () => {
    const first = startStep(steps, 0, monday8);
    const assigned = decideStep(steps, first, { action: 'assign', officerSub: 'officer-2' }, officer, monday8);
    expect(assigned).toMatchObject({ index: 0, assignee: 'officer-2', dueAt: first.dueAt });
    expect(() => decideStep(steps, assigned, { action: 'forward', step: 'mot-cua' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'NOT_ASSIGNED' }));
    const second = decideStep(steps, assigned, { action: 'forward', step: 'mot-cua' }, { sub: 'officer-2', admin: false }, monday8);
    // A second forward of the same step (two officers at once) finds it moved.
    expect(() => decideStep(steps, second, { action: 'forward', step: 'mot-cua' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'STEP_MOVED' }));
    expect(second).toMatchObject({ index: 1, id: 'chuyen-vien', unit: 'phong-tu-phap' });
    expect(second.assignee).toBeUndefined();
    expect(decideStep(steps, second, { action: 'send-back', step: 'chuyen-vien', reason: 'Thiếu chữ ký' }, officer, monday8).index).toBe(0);
    expect(() => decideStep(steps, first, { action: 'send-back', step: 'mot-cua', reason: 'x' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'FIRST_STEP' }));
    expect(() => decideStep(steps, second, { action: 'approve', step: 'chuyen-vien' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'NOT_LAST_STEP' }));
    const last = startStep(steps, 3, monday8);
    expect(() => decideStep(steps, last, { action: 'forward', step: 'lanh-dao' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'LAST_STEP' }));
    const approved = decideStep(steps, last, { action: 'approve', step: 'lanh-dao' }, officer, monday8);
    expect(approved.approved).toEqual({ by: 'officer-1', at: monday8.toISOString() });
    expect(() => decideStep(steps, approved, { action: 'send-back', step: 'lanh-dao', reason: 'x' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'ALREADY_APPROVED' }));
    expect(() => decideStep([], undefined, { action: 'forward', step: 'mot-cua' }, officer, monday8)).toThrow(expect.objectContaining({ code: 'NO_INTERNAL_STEPS' }));
  });
});

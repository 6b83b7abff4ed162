import fc from 'fast-check';
import { filterProcedures, foldVietnamese, paginate, searchTerms } from '../../shared/domain/search';
import { demoProcedures } from '../../infra/local/seed-data/procedures';

describe('foldVietnamese', () => {
  it('removes diacritics, folds đ/Đ to d and lower-cases', () => {
    expect(foldVietnamese('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(foldVietnamese('ĐẤT ĐAI, Ủy ban nhân dân, Hòa Hiệp')).toBe('dat dai, uy ban nhan dan, hoa hiep');
  });

  it('gives the same result for composed (NFC) and decomposed (NFD) input', () => {
    const word = 'Thường trú';
    expect(foldVietnamese(word.normalize('NFC'))).toBe(foldVietnamese(word.normalize('NFD')));
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (text) => foldVietnamese(foldVietnamese(text)) === foldVietnamese(text)));
  });
});

describe('filterProcedures', () => {
  it('finds a procedure by its unaccented name in any case and word order', () => {
    for (const q of ['dang ky khai sinh', 'KHAI SINH dang ky', 'Đăng ký khai sinh']) {
      expect(filterProcedures(demoProcedures, { q }).map((p) => p.code)).toEqual(['1.001193']);
    }
  });

  it('matches codes and fields too', () => {
    expect(filterProcedures(demoProcedures, { q: '1.000894' }).map((p) => p.name)).toEqual(['Đăng ký kết hôn']);
    expect(filterProcedures(demoProcedures, { q: 'ho tich' })).toHaveLength(4);
  });

  it('keeps dots inside codes but drops them at word ends', () => {
    expect(searchTerms('khai sinh. 1.001193')).toEqual(['khai', 'sinh', '1.001193']);
  });
});

describe('paginate', () => {
  it('walks every item exactly once, in key order, whatever the page size', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }), fc.integer({ min: 1, max: 100 }), (keys, limit) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = paginate(keys, (key) => key, { cursor, limit });
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
    );
  });

  it('rejects a cursor it did not issue, naming query.cursor', () => {
    expect(() => paginate(['a'], (key) => key, { cursor: 'not-a-cursor', limit: 5 })).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'query.cursor' })] }));
  });
});

import { seedCatalogue } from '../../infra/local/seed-data';
import { demoProcedures } from '../../infra/local/seed-data/procedures';
import { useLocalWorld } from '../support/local';

const { gateway } = useLocalWorld({ seed: seedCatalogue });
let admin: string;
beforeAll(async () => {
  admin = await gateway.token('admin');
});

const codesOf = (page: { items: { code: string }[] }) => page.items.map((item) => item.code);

describe('GET /procedures', () => {
  it('finds "Đăng ký khai sinh" from "dang ky khai sinh", ignoring diacritics and case', async () => {
    for (const q of ['dang ky khai sinh', 'DANG KY KHAI SINH', 'Đăng ký khai sinh']) {
      const res = await gateway.request('GET', `/procedures?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(codesOf(await res.json())).toEqual(['1.001193']);
    }
  });

  it('folds đ and Đ to d', async () => {
    const page = await (await gateway.request('GET', '/procedures?q=dat%20dai')).json();
    expect(page.items.map((item: { name: string }) => item.name)).toEqual([expect.stringContaining('Đăng ký đất đai')]);
  });

  it('filters by level, tier and agency', async () => {
    const provincial = await (await gateway.request('GET', '/procedures?tier=province')).json();
    expect(codesOf(provincial).sort()).toEqual(['DEMO-GPLX-DOI', 'DEMO-LLTP-01']);
    const level2 = await (await gateway.request('GET', '/procedures?level=2')).json();
    expect(codesOf(level2)).toEqual(['DEMO-CT-CHU-KY']);
    const police = await (await gateway.request('GET', '/procedures?agency=cong-an-xa-an-binh')).json();
    expect(codesOf(police).sort()).toEqual(['DEMO-CT-TAM-TRU', 'DEMO-CT-THUONG-TRU', 'DEMO-CT-XAC-NHAN']);
    const unknown = await (await gateway.request('GET', '/procedures?agency=no-such-agency')).json();
    expect(unknown.items).toEqual([]);
  });

  it('pages through the whole catalogue with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await gateway.request('GET', `/procedures?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await res.json();
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...codesOf(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(demoProcedures.length / 5));
    expect(seen).toEqual(demoProcedures.map((p) => p.code).sort());
  });

  it('lists summaries, not the whole definition', async () => {
    const page = await (await gateway.request('GET', '/procedures?q=1.001193')).json();
    expect(page.items[0]).toMatchObject({ code: '1.001193', level: 4, mode: 'FULLY_ONLINE', fee: { kind: 'fixed', amount: 0 } });
    expect(page.items[0].applicationForm).toBeUndefined();
  });

  it('rejects a bad cursor, limit or level with their paths', async () => {
    const res = await gateway.request('GET', '/procedures?cursor=garbage&limit=0&level=9');
    expect(res.status).toBe(400);
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['query.level', 'query.limit']);
    const cursor = await gateway.request('GET', '/procedures?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect((await cursor.json()).errors[0].path).toBe('query.cursor');
  });
});

describe('GET /procedures/{code}', () => {
  it('answers the whole procedure', async () => {
    const res = await gateway.request('GET', '/procedures/DEMO-LLTP-01');
    expect(res.status).toBe(200);
    const procedure = await res.json();
    expect(procedure).toMatchObject({ name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', processingTime: { amount: 10, unit: 'working-days' }, fee: { kind: 'rules', otherwise: 200_000 } });
    expect(procedure.applicationForm.type).toBe('object');
  });

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await gateway.request('GET', '/procedures/9.999999');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).code).toBe('NOT_FOUND');
  });
});

describe('GET /procedures/{code}/forms/{formId}', () => {
  it('gives a short-lived presigned URL of a seeded template that downloads from the S3 emulator', async () => {
    const res = await gateway.request('GET', '/procedures/1.001193/forms/to-khai-khai-sinh');
    expect(res.status).toBe(200);
    const download = await res.json();
    expect(download).toMatchObject({ fileName: 'to-khai-dang-ky-khai-sinh.pdf', contentType: 'application/pdf' });
    expect(new URL(download.url).searchParams.get('X-Amz-Expires')).toBe('300');
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    expect((await file.text()).startsWith('%PDF-1.4')).toBe(true);
  });

  it('answers 404 for an unknown form or procedure', async () => {
    expect((await gateway.request('GET', '/procedures/1.001193/forms/no-such-form')).status).toBe(404);
    expect((await gateway.request('GET', '/procedures/9.999999/forms/to-khai-khai-sinh')).status).toBe(404);
  });
});

describe('POST /admin/procedures/{code}/forms/{formId}/upload-url', () => {
  it('records the template, and the file uploaded with the presigned PUT is downloaded with the presigned GET', async () => {
    const res = await gateway.request('POST', '/admin/procedures/1.000656/forms/to-khai-khai-tu/upload-url', {
      token: admin,
      json: { name: 'Tờ khai đăng ký khai tử', fileName: 'tờ-khai-khai-tử.pdf', contentType: 'application/pdf' },
    });
    expect(res.status).toBe(200);
    const { form, upload } = await res.json();
    expect(form).toEqual({ id: 'to-khai-khai-tu', name: 'Tờ khai đăng ký khai tử', fileName: 'tờ-khai-khai-tử.pdf', contentType: 'application/pdf' });

    // Recorded but not yet uploaded: nothing to download.
    expect((await gateway.request('GET', '/procedures/1.000656/forms/to-khai-khai-tu')).status).toBe(404);

    const content = '%PDF-1.4 tờ khai khai tử';
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: content });
    expect(put.status).toBe(200);

    const procedure = await (await gateway.request('GET', '/procedures/1.000656')).json();
    expect(procedure.forms.map((f: { id: string }) => f.id)).toEqual(['to-khai-khai-tu']);
    const download = await (await gateway.request('GET', '/procedures/1.000656/forms/to-khai-khai-tu')).json();
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(content);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''t%E1%BB%9D-khai-khai-t%E1%BB%AD.pdf");
  });

  it('refuses content types that are not documents', async () => {
    const res = await gateway.request('POST', '/admin/procedures/1.000656/forms/x/upload-url', { token: admin, json: { name: 'x', fileName: 'x.exe', contentType: 'application/x-msdownload' } });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe('body.contentType');
  });

  it('answers 404 for an unknown procedure', async () => {
    const res = await gateway.request('POST', '/admin/procedures/9.999999/forms/x/upload-url', { token: admin, json: { name: 'x', fileName: 'x.pdf', contentType: 'application/pdf' } });
    expect(res.status).toBe(404);
  });
});

describe('GET /units', () => {
  it('lists the provinces without a parent and the communes under a province', async () => {
    const roots = await (await gateway.request('GET', '/units')).json();
    expect(roots.items).toEqual([{ id: 'tinh-demo', name: 'Tỉnh Demo', tier: 'province' }]);
    const communes = await (await gateway.request('GET', '/units?parent=tinh-demo')).json();
    expect(communes.items.map((u: { id: string }) => u.id)).toEqual(['phuong-trung-tam', 'xa-an-binh', 'xa-hoa-hiep', 'xa-tan-phu']);
  });

  it('answers 404 for an unknown parent', async () => {
    expect((await gateway.request('GET', '/units?parent=nowhere')).status).toBe(404);
  });
});

describe('GET /agencies', () => {
  it('filters by unit and kind', async () => {
    const page = await (await gateway.request('GET', '/agencies?unit=xa-an-binh&kind=commune-committee')).json();
    expect(page.items).toEqual([{ id: 'ubnd-xa-an-binh', code: 'UBANBINH', name: 'Ủy ban nhân dân xã An Bình', unitId: 'xa-an-binh', kind: 'commune-committee' }]);
  });

  it("has an agency of every kind a procedure names, at the procedure's tier", async () => {
    const agencies = (await (await gateway.request('GET', '/agencies?limit=100')).json()).items as { kind: string; unitId: string }[];
    const units = [...(await (await gateway.request('GET', '/units')).json()).items, ...(await (await gateway.request('GET', '/units?parent=tinh-demo')).json()).items] as { id: string; tier: string }[];
    for (const procedure of demoProcedures) {
      const handlers = agencies.filter((a) => a.kind === procedure.agencyKind && units.find((u) => u.id === a.unitId)?.tier === procedure.tier);
      expect({ code: procedure.code, handled: handlers.length > 0 }).toEqual({ code: procedure.code, handled: true });
    }
  });
});

// Server-paged tables: one pagination config (total shown as 共 N 条 / N items) and one paging state,
// so every list page pages the same way.
import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';

export type Paging = { page: number; pageSize: number };

/** Page state kept in the component; any change of filter should call reset(). */
export function usePaging(initialPageSize = 20) {
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: initialPageSize });
  return { ...paging, set: (page: number, pageSize: number) => setPaging({ page, pageSize }), reset: () => setPaging((p) => ({ ...p, page: 1 })) };
}

export function pagination(
  t: TFunction,
  opts: Paging & { total: number | undefined; onChange(page: number, pageSize: number): void; pageSizeOptions?: number[] },
): TablePaginationConfig {
  return {
    current: opts.page,
    pageSize: opts.pageSize,
    total: opts.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: opts.pageSizeOptions ?? [20, 50, 100],
    showTotal: (total) => t('common.total', { count: total }),
    onChange: opts.onChange,
  };
}

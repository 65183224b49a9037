import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ThemeConfig } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { setUnauthorizedHandler } from '../api/client.js';
import { createQueryClient } from '../api/query.js';
import { markSessionExpired, meKey } from './auth.js';
import { antdLocale } from './locale.js';
import { createRouter } from './router.js';

const desk: ThemeConfig = {
  token: { borderRadius: 4, fontSize: 14 },
  components: { Table: { cellPaddingBlockSM: 6 }, Layout: { siderBg: '#001529' } },
};

export const App = () => {
  const { i18n } = useTranslation();
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);

  useEffect(() => {
    // Session ended (expired, revoked, signed out elsewhere): forget the user; RequireAuth sends them to /login.
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(meKey)) markSessionExpired();
      queryClient.setQueryData(meKey, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <ConfigProvider locale={antdLocale(i18n.language)} theme={desk} button={{ autoInsertSpace: false }}>
      <AntApp style={{ height: '100%' }}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
};

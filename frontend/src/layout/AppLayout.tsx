import { useState } from 'react';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Typography, theme } from 'antd';
import { Outlet } from 'react-router';
import { useCurrentUser } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageSwitcher } from './LanguageSwitcher';
import { NotificationBell } from './NotificationBell';
import { SideMenu } from './SideMenu';
import { ThemeSwitcher } from './ThemeSwitcher';
import { UserMenu } from './UserMenu';

const SIDER_WIDTH = 220;
const COLLAPSED_WIDTH = 64;

/** The frame of every logged-in screen: side menu, header, content. */
export function AppLayout() {
  const { t, direction } = useI18n();
  const user = useCurrentUser();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  // On a tablet or phone the menu starts folded to icons, leaving room for tables.
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 992);
  const narrow = screens.md === false;
  // The icon points the way the menu will move: towards the side it sits on to fold it
  // (the left, the right in Arabic), away from it to unfold it.
  const iconPointsLeft = collapsed === (direction === 'rtl');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={SIDER_WIDTH}
        collapsedWidth={COLLAPSED_WIDTH}
        collapsed={collapsed}
        breakpoint="lg"
        onBreakpoint={setCollapsed}
        trigger={null}
      >
        <Typography.Title
          level={4}
          style={{ color: token.colorWhite, margin: 0, padding: '16px 0', textAlign: 'center' }}
        >
          {t('app.name')}
        </Typography.Title>
        <SideMenu />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: token.colorBgContainer, paddingInline: narrow ? 8 : 16 }}
        >
          <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
            <Button
              type="text"
              aria-label={t('nav.menu')}
              aria-expanded={!collapsed}
              icon={iconPointsLeft ? <MenuFoldOutlined /> : <MenuUnfoldOutlined />}
              onClick={() => setCollapsed((value) => !value)}
            />
            <Flex align="center" gap={narrow ? 4 : 12}>
              {user.role === 'customer' && <NotificationBell />}
              <LanguageSwitcher />
              <ThemeSwitcher />
              <UserMenu />
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

import { useEffect, useRef } from 'react';
import { Button, Modal, Typography } from 'antd';
import { getRenewedAt, refreshAccessToken } from '../../api/session';
import { useI18n } from '../../i18n/I18nProvider';
import { useAuth } from '../AuthProvider';
import { recordActivity } from './activity';
import { useLastActivity, useRecordUserActivity } from './useActivity';
import { useSecondsLeft } from './useSecondsLeft';

/** How long before the limit the user is warned. */
const WARNING_MS = 60_000;

/**
 * The server ends a session that goes longer than its limit without a refresh, and a
 * user may work without a request for as long (a long form). So activity here refreshes
 * the token once its last renewal is this old, and this tab ends the session this much
 * before the limit: by then the server's last refresh is at most the limit old.
 */
const KEEP_ALIVE_MS = 60_000;

/** Refreshes the token (best effort) so the server counts the user's activity. */
function tellServerOfActivity(): void {
  // A failure changes nothing here; the next request will tell.
  refreshAccessToken().catch(() => undefined);
}

/**
 * Ends a session left idle past its limit (staff and admins; customers' sessions have
 * none), after a minute's warning. Activity in any of the user's tabs counts.
 */
export function IdleLogout() {
  const { state } = useAuth();
  if (state.status !== 'authenticated' || state.idleTimeoutSeconds === null) return null;
  return <IdleWatcher limitMs={state.idleTimeoutSeconds * 1_000 - KEEP_ALIVE_MS} />;
}

function IdleWatcher({ limitMs }: { limitMs: number }) {
  const { t } = useI18n();
  const { logoutForInactivity } = useAuth();
  const lastActivity = useLastActivity();
  const secondsLeft = useSecondsLeft(lastActivity + limitMs, WARNING_MS);
  const warning = secondsLeft !== null && secondsLeft > 0;
  // The warning waits for an answer: a click or key on it must not close it before
  // its button gets the click (which also tells the server).
  useRecordUserActivity(!warning, () => {
    if (Date.now() - getRenewedAt() >= KEEP_ALIVE_MS) tellServerOfActivity();
  });
  const loggingOut = useRef(false);

  useEffect(() => {
    if (secondsLeft !== 0 || loggingOut.current) return;
    loggingOut.current = true;
    void logoutForInactivity();
  }, [secondsLeft, logoutForInactivity]);

  const stayLoggedIn = () => {
    recordActivity();
    tellServerOfActivity();
  };

  return (
    <Modal
      open={warning}
      title={t('idle.title')}
      // Closing the warning any way is activity too.
      onCancel={stayLoggedIn}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={stayLoggedIn}>
          {t('idle.stay')}
        </Button>
      }
    >
      <Typography.Paragraph>
        {t('idle.warning', { seconds: secondsLeft ?? Math.round(WARNING_MS / 1_000) })}
      </Typography.Paragraph>
    </Modal>
  );
}

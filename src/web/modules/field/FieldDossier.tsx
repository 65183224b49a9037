// Read-only parts of the field view: the route map (stops' coordinates joined in order, SVG; over map tiles when
// CONCORD_MAP_TILE_URL is set, else a sketch with nothing fetched) and the pre-visit dossier of a stop.
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FieldStopOut } from '../../../contracts/field.js';
import { tileLayout, tileUrl } from '../../../core/field/map.js';
import { formatMoney } from '../../app/format.js';

/** The stops joined in route order: over Web Mercator tiles when a tile URL is configured, else a scaled sketch. */
export const RouteSketch = ({ stops, tileUrl: tiles = null }: { stops: FieldStopOut[]; tileUrl?: string | null }) => {
  const { t } = useTranslation();
  const pts = stops.filter((s) => s.dossier.address.latitude !== null && s.dossier.address.longitude !== null);
  if (pts.length === 0) return null;
  const W = 360;
  const H = 200;
  const pad = 24;
  const lats = pts.map((s) => s.dossier.address.latitude!);
  const lons = pts.map((s) => s.dossier.address.longitude!);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const midLat = (minLat + maxLat) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const layout = tiles ? tileLayout(pts.map((s) => ({ lat: s.dossier.address.latitude!, lon: s.dossier.address.longitude! })), W, H, pad) : null;
  const xy = (s: FieldStopOut): readonly [number, number] => {
    if (layout) return layout.project(s.dossier.address.latitude!, s.dossier.address.longitude!);
    const x = pad + ((s.dossier.address.longitude! - minLon) * kx) * scale + (W - 2 * pad - spanX * scale) / 2;
    const y = H - pad - (s.dossier.address.latitude! - minLat) * scale - (H - 2 * pad - spanY * scale) / 2;
    return [x, y] as const;
  };
  const fill = (s: FieldStopOut) => (s.visit.status === 'done' ? '#52c41a' : s.visit.status === 'left' ? '#faad14' : s.visit.status === 'checked_in' ? '#1677ff' : '#8c8c8c');
  return (
    <Card size="small" title={layout ? t('field.mapTiles') : t('field.map')} style={{ marginBottom: 12 }} styles={{ body: { padding: 4 } }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={layout ? t('field.mapTiles') : t('field.map')} data-testid="field-map" style={{ display: 'block', background: '#fafafa' }}>
        {layout && tiles && layout.tiles.map((tl) => <image key={`${tl.x}/${tl.y}`} href={tileUrl(tiles, tl)} x={tl.left} y={tl.top} width={256} height={256} data-testid="field-map-tile" />)}
        <polyline points={pts.map((s) => xy(s).join(',')).join(' ')} fill="none" stroke="#1677ff" strokeWidth={2} strokeDasharray="6 4" />
        {pts.map((s) => {
          const [x, y] = xy(s);
          return (
            <g key={s.id}>
              <circle cx={x} cy={y} r={12} fill={fill(s)} stroke="#fff" strokeWidth={2} />
              <text x={x} y={y + 4} textAnchor="middle" fontSize={12} fontWeight={700} fill="#fff">{s.seq}</text>
            </g>
          );
        })}
      </svg>
    </Card>
  );
};

export const Dossier = ({ s }: { s: FieldStopOut }) => {
  const { t, i18n } = useTranslation();
  const d = s.dossier;
  const none = <Typography.Text type="secondary">{t('field.noneYet')}</Typography.Text>;
  const col = { display: 'flex', flexDirection: 'column', gap: 2 } as const;
  return (
    <Card size="small" title={t('field.dossier')} style={{ marginBottom: 12 }} data-testid="field-dossier">
      <Descriptions size="small" column={1} colon={false} styles={{ label: { width: 96 } }}>
        <Descriptions.Item label={t('field.debtor')}>{d.debtorName}</Descriptions.Item>
        <Descriptions.Item label={t('field.language')}>{d.preferredLanguage}</Descriptions.Item>
        <Descriptions.Item label={t('field.creditor')}>{d.creditorName}</Descriptions.Item>
        <Descriptions.Item label={t('field.dpd')}>{d.dpd}（{d.bucket}）</Descriptions.Item>
        <Descriptions.Item label={t('field.address')}>
          <div style={col}><span>{d.address.region} {d.address.detailMasked} <Tag>{t(`addressKinds.${d.address.kind}`)}</Tag></span>
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('field.verification')}: {t(`codes.verification.${d.address.verificationStatus}`, { defaultValue: d.address.verificationStatus })}</div>
          {d.address.thirdParty && <Alert type="warning" showIcon title={t('field.thirdParty')} style={{ marginTop: 4 }} />}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.phones')}>{d.phones.length ? <div style={col}>{d.phones.map((p) => <div key={p.masked}>{p.masked} <Tag>{t(`codes.phoneKind.${p.kind}`, { defaultValue: p.kind })}</Tag></div>)}</div> : none}</Descriptions.Item>
        <Descriptions.Item label={t('field.loans')}>
          <div style={col}>{d.accounts.map((a, i) => <div key={i}>{a.product}: {formatMoney(a.principalMinor, a.currency)} / {formatMoney(a.outstandingMinor, a.currency)}</div>)}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.payments')}>{d.payments.length ? <div style={col}>{d.payments.map((p, i) => <div key={i}>{p.paidOn} {formatMoney(p.amountMinor, p.currency)} {t(`ledger.channels.${p.channel}`, { defaultValue: p.channel })}</div>)}</div> : none}</Descriptions.Item>
        <Descriptions.Item label={t('field.contacts')}>
          {d.contacts.length ? <div style={col}>{d.contacts.map((c, i) => <div key={i}>{dayjs(c.at).format('MM-DD HH:mm')} {t(`compliance.channels.${c.channel}`, { defaultValue: c.channel })} {c.result ? t(`compliance.results.${c.result}`, { defaultValue: c.result }) : t(`field.attemptStatus.${c.status}`, { defaultValue: c.status })}</div>)}</div> : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.promises')}>{d.promises.length ? <div style={col}>{d.promises.map((p, i) => <div key={i}>{p.dueDate} {formatMoney(p.amountMinor, p.currency)} <Tag>{p.status}</Tag></div>)}</div> : none}</Descriptions.Item>
        {d.affordability && <Descriptions.Item label={t('field.affordability')}>{i18n.language === 'en' ? d.affordability.en : d.affordability.zh}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
};

import { Tag } from 'antd';
import type { Bucket } from '../../../contracts/cases.js';

const colors: Record<Bucket, string> = { M0: 'green', M1: 'gold', M2: 'orange', M3: 'volcano', M4: 'red', M5: 'magenta', 'M6+': 'purple' };

export const BucketTag = ({ bucket }: { bucket: Bucket }) => (
  <Tag color={colors[bucket] ?? 'default'} style={{ marginInlineEnd: 0 }}>
    {bucket}
  </Tag>
);
